// Mounting by function: import the module (it resolves once the widget's code
// is loaded), then call mount(element, options); it returns the widget's handle.
import { mount } from '../qikai-map.js';

const map = mount(document.getElementById('mounted'), { lang: 'zh', select: 'project-audi-faw-nev' });
map.on('select', ({ id }) => console.info('qikai-map selection:', id));
