/**
 * The reference engines as test oracles. Tests import this package (a private workspace
 * package, consumed as TypeScript source by vitest) to run pyarrow, DuckDB and delta-rs over
 * the same files Silt reads or writes. The Python environment is created by the README's test
 * command (`npm test`) in `.venv-interop/`; tests fail, never skip, when it is missing.
 */
export { interopPython, pythonScript, runPython, runPythonJson } from './python.ts';
export { makeTempDir, removeTempDir } from './temp-dir.ts';
