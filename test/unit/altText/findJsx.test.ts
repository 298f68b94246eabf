/** Finding images in JSX/TSX as eslint-plugin-jsx-a11y's alt-text rule reads them, and resolving their files. */
import assert from 'node:assert/strict';
import { findJsxImages } from '../../../src/altText/findJsx';
import { lacksAltText } from '../../../src/altText/foundImage';

const found = (text: string, components?: string[]) => findJsxImages(text, components).map((i) => ({ target: i.target, alt: i.alt, lacks: lacksAltText(i), decorative: !!i.decorative }));

describe('altText/findJsx', () => {
  it('finds <img> and the image components, with string, imported and required sources', () => {
    const text = [
      "import hero from './hero.png';",
      "import * as logo from '../logo.svg';",
      "import Image from 'next/image';",
      "const pic = require('./pic.webp');",
      'export default function Page() {',
      '  return (<main>',
      '    <img src="a.png" />',
      '    <Image src={hero} width={10} height={10} />',
      '    <Image src={hero.src} alt="The hero" />',
      '    <img src={logo} alt="" />',
      "    <img src={pic} />",
      "    <img src={require('./b.gif')} />",
      '    <NuxtImg src={`/c.png`} />',
      '    <img src={url} />',
      '    <picture><source srcSet="x.webp" /></picture>',
      '  </main>);',
      '}',
    ].join('\n');
    assert.deepEqual(found(text), [
      { target: 'a.png', alt: '', lacks: true, decorative: false },
      { target: './hero.png', alt: '', lacks: true, decorative: false },
      { target: './hero.png', alt: 'The hero', lacks: false, decorative: false },
      { target: '../logo.svg', alt: '', lacks: false, decorative: true },
      { target: './pic.webp', alt: '', lacks: true, decorative: false },
      { target: './b.gif', alt: '', lacks: true, decorative: false },
      { target: '/c.png', alt: '', lacks: true, decorative: false },
      { target: '', alt: '', lacks: true, decorative: false },
    ]);
  });

  it('as jsx-a11y reads alt: an expression or an ARIA label gives it; a spread, null, undefined, aria-hidden or a role does not; only alt="" is decorative', () => {
    const text = 'const A = (p) => <>\n<img src="a.png" alt={t("hero")} />\n<img src="a.png" {...p} />\n<img src="a.png" {...p} alt="" />\n<img src="a.png" aria-hidden />\n<img src="a.png" aria-hidden="true" />\n<img src="a.png" role="presentation" />\n<img src="a.png" alt="  " />\n<img src="a.png" alt />\n<img src="a.png" alt={undefined} />\n<img src="a.png" alt={null} />\n<img src="a.png" aria-label="A cat" />\n<img src="a.png" aria-labelledby="c" />\n<img src="a.png" aria-label=" " />\n</>;';
    assert.deepEqual(found(text).map((f) => [f.lacks, f.decorative]), [[false, false], [true, false], [false, true], [true, false], [true, false], [true, false], [true, false], [true, false], [true, false], [true, false], [false, false], [false, false], [true, false]]);
    // `alt={undefined}` is replaced by the written text, not joined by a second alt.
    const undef = findJsxImages(text)[8];
    assert.equal(text.slice(undef.edit.start, undef.edit.end), 'alt={undefined}');
    assert.deepEqual([undef.edit.before, undef.edit.after], ['alt="', '"']);
  });

  it('reads only the element names given; a lower-case name is not a component', () => {
    const text = 'const A = () => <><Photo src="a.png" /><image src="b.png" /><Img src="c.png" /></>;';
    assert.deepEqual(found(text).map((f) => f.target), ['c.png']);
    assert.deepEqual(found(text, ['Photo']).map((f) => f.target), ['a.png']);
  });

  it('a text that does not parse at all gives nothing; one being typed gives what Babel recovers', () => {
    assert.deepEqual(found('<<<<'), []);
    assert.equal(found('const A = () => <img src="a.png" />;\nlet a; let a;').length, 1);
  });

  it('deep nesting: 300 levels are read; past what the parser can hold, nothing is found and nothing throws', () => {
    const deep = (n: number): string => `const x = ${'['.repeat(n)}${']'.repeat(n)};\nconst A = () => <img src="a.png" />;`;
    assert.equal(found(deep(300)).length, 1);
    assert.deepEqual(found(deep(20_000)), []);
  });
});
