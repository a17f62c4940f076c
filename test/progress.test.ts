import { expect } from 'chai';
import { progressBar } from '../src/progress.js';

/** A stream that records what is written, a terminal or not. */
function stream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = { isTTY, columns: 80, text: '', write(chunk: string) { s.text += chunk; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('The progress bar', () => {
  it('draws the phase, the count and the share done on a terminal, and clears its line', () => {
    const out = stream(true);
    const bar = progressBar(out, {});
    bar.phase('reading');
    bar.update(50, 200, 'writing');
    expect(out.text).to.include('lodfolio: reading');
    expect(out.text).to.match(/writing \[█{6}░{18}\] 25% 50\/200/);
    bar.clear();
    expect(out.text.endsWith('\r')).to.equal(true);
  });

  it('writes nothing when the output is not a terminal, or under CI, so that logs stay clean', () => {
    for (const [tty, env] of [[false, {}], [true, { CI: '1' }]] as const) {
      const out = stream(tty);
      const bar = progressBar(out, env);
      bar.phase('reading');
      bar.update(1, 2);
      bar.clear();
      expect(out.text).to.equal('');
    }
  });
});
