//! The optional raster basemap, drawn under the features. Off by default;
//! the default is the offline vector map.

use leptos::prelude::*;

use crate::state::AppState;
use crate::view::tiles::{tile_url, visible_tiles};

/// Deepest tile zoom requested.
const MAX_TILE_ZOOM: u8 = 18;

/// XYZ tiles of the configured basemap (nothing when none is configured).
#[component]
pub fn BasemapLayer() -> impl IntoView {
    let state = expect_context::<AppState>();
    let Some(basemap) = state.ui.basemap.get_value() else {
        return ().into_any();
    };
    let template = basemap.url_template;
    view! {
        <g class="qk-basemap" aria-hidden="true">
            {move || {
                let view = state.camera.view.get();
                visible_tiles(&view, MAX_TILE_ZOOM)
                    .into_iter()
                    .map(|t| {
                        view! {
                            <image
                                href=tile_url(&template, t.z, t.x, t.y)
                                x=format!("{:.2}", t.top_left.x)
                                y=format!("{:.2}", t.top_left.y)
                                width=format!("{:.2}", t.size_px)
                                height=format!("{:.2}", t.size_px)
                                preserveAspectRatio="none"
                            />
                        }
                    })
                    .collect_view()
            }}
        </g>
    }
    .into_any()
}
