export { buildProgram, type CliIo, runCli } from './program.js';
