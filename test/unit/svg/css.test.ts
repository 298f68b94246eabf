/** CSS in a model's SVG: what may stay (local references, animations) and what loads something and goes. */
import assert from 'node:assert/strict';
import { cssIsSafe } from '../../../src/svg/css';

describe('svg/css', () => {
  it('cssIsSafe: local url(#id) and animations pass; anything that loads is refused', () => {
    for (const ok of ['fill:url(#a)', 'fill: url( "#a" )', '@keyframes k{from{opacity:0}}', 'transform:rotate(45deg) translate(1px,2px)', 'fill:rgb(1,2,3)']) assert.ok(cssIsSafe(ok), ok);
    for (const bad of ['fill:url(a.svg#b)', 'fill:URL(https://x)', '@IMPORT "x.css"', 'a:u\\72l(x)', 'b:image("x.png")', 'c:-webkit-image-set("x.png" 1x)', 'd:cross-fade(url(#a), url(x))', 'e:element(#x)', 'f:src("x")', 'g:url(#a) url(x)']) assert.ok(!cssIsSafe(bad), bad);
  });
});
