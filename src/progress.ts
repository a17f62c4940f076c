/**
 * A progress bar on one terminal line, for steps that can take more than a
 * moment (building a large site, importing a large BibTeX file). Drawn only
 * on a TTY and never under CI, so that logs and pipes stay clean; redrawn at
 * most ten times a second, so that drawing costs nothing next to the work.
 *
 *   const bar = progressBar();
 *   bar.phase('checking shapes');          // a step without a count
 *   bar.update(120, 2900, 'writing');      // a step with one
 *   bar.clear();                           // before printing the summary
 */
export interface Progress {
  phase(name: string): void;
  update(done: number, total: number, name?: string): void;
  clear(): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Progress {
  if (!stream.isTTY || env.CI) return { phase() {}, update() {}, clear() {} };
  const started = performance.now();
  let name = '';
  let last = 0;
  let drawn = false;
  const draw = (text: string) => {
    const width = Math.max(20, (stream.columns || 80) - 1);
    stream.write(`\r${text.slice(0, width).padEnd(width)}`);
    drawn = true;
  };
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  return {
    phase(next) {
      name = next;
      draw(`lodfolio: ${name}… ${seconds()}`);
    },
    update(done, total, next = name) {
      name = next;
      const now = performance.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const fraction = total > 0 ? done / total : 1;
      const cells = 24;
      const full = Math.round(fraction * cells);
      draw(`lodfolio: ${name} [${'█'.repeat(full)}${'░'.repeat(cells - full)}] ${Math.floor(fraction * 100)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')} · ${seconds()}`);
    },
    clear() {
      if (drawn) stream.write(`\r${' '.repeat(Math.max(20, (stream.columns || 80) - 1))}\r`);
      drawn = false;
    },
  };
}
