import assert from 'node:assert/strict';
import { findMarkdownImages } from '../../../src/altText/findMarkdown';
import { markdownTree } from '../../../src/altText/markdownTree';
import { graphemePrefix, markdownLinks, oneLine } from '../../../src/altText/text';

describe('altText/text: markdownLinks (Insert Markdown link)', () => {
  it('links relative to the document\'s folder, each segment percent-encoded, one per line', () => {
    assert.equal(markdownLinks('/ws/docs/guide.md', ['/ws/images/red fox-2.png'], 'red fox 2'), '![red fox 2](../images/red%20fox-2.png)');
    assert.equal(markdownLinks('/ws/README.md', ['/ws/a.png', '/ws/images/b (1).png'], 'x'), '![x](a.png)\n![x](images/b%20(1).png)');
    assert.equal(markdownLinks('/ws/docs/deep/page.md', ['/ws/docs/deep/here.png'], 'here'), '![here](here.png)');
  });

  it('hostile: the prompt is cut before escaping, so a bracket, a backslash or an emoji at the cut cannot break the link', () => {
    for (const prompt of [`${'a'.repeat(119)}]](https://evil.example) x`, `${'b'.repeat(118)}\\\\ | <b>`, `${'c'.repeat(119)}😀 ![x](y)`, 'A | B\n\n<a href="https://evil.example">go</a>\u202E']) {
      const link = markdownLinks('/ws/docs/guide.md', ['/ws/images/fox.png'], prompt);
      const found = findMarkdownImages(link);
      assert.equal(found.length, 1, link);
      assert.equal(found[0].target, '../images/fox.png');
      assert.equal(found[0].alt, graphemePrefix(oneLine(prompt), 120), link);
      assert.equal(markdownTree(link).children.length, 1);
    }
  });
});
