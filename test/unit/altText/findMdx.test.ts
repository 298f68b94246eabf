import assert from 'node:assert/strict';
import { findMdxImages } from '../../../src/altText/findMdx';
import { lacksAltText, type FoundImage } from '../../../src/altText/foundImage';

const seen = (images: FoundImage[]): string[] => images.map((i) => `${i.target} ${i.decorative ? 'decorative' : lacksAltText(i) ? 'missing' : `alt ${i.alt}`} ${i.edit.syntax}`);

describe('altText/findMdx: images of an MDX page', () => {
  it('finds Markdown images and JSX images, with imports, expressions and spreads read as jsx-a11y reads them', () => {
    const text = [
      '---',
      'title: A page',
      '---',
      "import hero from './hero.png'",
      "import Image from 'next/image'",
      '',
      '# {frontmatter.title}',
      '',
      '![](./a.png) and ![A &#123; cat](./b.png "t") and ![][ref]',
      '',
      '[ref]: ./c.png',
      '',
      '<Image src={hero} width={640} />',
      '<img src="./d.png" alt="x &amp; y" />',
      '<div>',
      "  <img src={require('./e.png')} alt={t} />",
      '  <img {...props} src="./f.png" />',
      '  <img alt="" src="./g.png" />',
      '</div>',
      '',
      '```jsx',
      '<img src="./code.png" />',
      '```',
      '',
    ].join('\n');
    assert.deepEqual(seen(findMdxImages(text)), [
      './a.png missing mdx',
      './b.png alt A { cat mdx',
      './c.png missing mdx',
      './hero.png missing jsx',
      './d.png alt x & y jsx',
      './e.png alt alt={t} jsx',
      './f.png missing jsx',
      './g.png decorative jsx',
    ]);
  });

  it('a text MDX cannot read (an unclosed expression) yields no images', () => {
    assert.deepEqual(findMdxImages('![](a.png) {'), []);
  });
});
