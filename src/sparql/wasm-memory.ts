/**
 * How much WebAssembly memory this thread's Oxigraph holds: its store, its
 * indexes and what queries left allocated (a WebAssembly memory grows and
 * never shrinks, so this is also the thread's peak).
 *
 * Oxigraph's bindings keep their WebAssembly instance to themselves. This
 * module, evaluated before them (it is imported first where the engine is
 * imported), watches the next instantiation that exports a `memory` and
 * keeps that memory; then it puts `WebAssembly.Instance` back as it was.
 * Where Oxigraph was loaded earlier (a thread that imported it another way)
 * nothing is seen and the size is unknown.
 */

let memory: WebAssembly.Memory | undefined;

const Instance = WebAssembly.Instance;
const watching = function (this: unknown, module: WebAssembly.Module, imports?: WebAssembly.Imports) {
  const instance = new Instance(module, imports);
  const exported = instance.exports.memory;
  if (exported instanceof WebAssembly.Memory) {
    memory = exported;
    WebAssembly.Instance = Instance;
  }
  return instance;
} as unknown as typeof WebAssembly.Instance;
watching.prototype = Instance.prototype;
WebAssembly.Instance = watching;

/** Bytes of WebAssembly memory the engine holds, or undefined when not known. */
export function wasmMemoryBytes(): number | undefined {
  return memory?.buffer.byteLength;
}
