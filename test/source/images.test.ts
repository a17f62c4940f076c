import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { imageSize } from '../../src/source/images.js';
import { fixturesDir } from '../support/profile.js';

/** The images of test/fixtures/images/ (see its README.md): 37 × 23 pixels each, but viewbox.svg. */
const image = (name: string) => readFileSync(path.join(fixturesDir, 'images', name));

describe('An image\'s size', () => {
  it('is read from the header of a PNG, GIF, JPEG, WebP and SVG', () => {
    for (const name of ['block.png', 'block.gif', 'block.jpg', 'block.webp', 'block.svg']) {
      expect(imageSize(image(name)), name).to.deep.equal({ width: 37, height: 23 });
    }
  });

  it('is an SVG\'s viewBox where its width and height are not in pixels', () => {
    expect(imageSize(image('viewbox.svg'))).to.deep.equal({ width: 120, height: 80 });
  });

  it('is unknown for a file that is no image, or an image cut short', () => {
    expect(imageSize(Buffer.from('%PDF-1.4\n'))).to.equal(undefined);
    expect(imageSize(image('block.jpg').subarray(0, 40))).to.equal(undefined);
    expect(imageSize(image('block.png').subarray(0, 12))).to.equal(undefined);
  });
});
