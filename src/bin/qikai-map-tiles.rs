//! `qikai-map-tiles`: the tile builder (issue 17); the command line comes in
//! the next commit.

fn main() {}
