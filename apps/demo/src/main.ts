#!/usr/bin/env node
import { lakePaths } from './lake.js';
import { runGenerateStep } from './steps/generate.js';
import { PENDING_STEPS, reportPending } from './steps/pending.js';

const steps: Record<string, () => Promise<void>> = {
  generate: runGenerateStep,
};

const ORDER = ['generate', 'bronze', 'silver', 'delete', 'time-travel', 'gold'];

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'summary') {
    const built = ORDER.filter((step) => step in steps);
    console.log(
      `demo: done on ${lakePaths().root} — built steps: ${built.join(', ')}; not built yet: ${ORDER.filter((s) => !built.includes(s)).join(', ')}`,
    );
    return 0;
  }
  const requested = argv.length === 0 || argv[0] === 'all' ? ORDER : argv;
  for (const step of requested) {
    if (!ORDER.includes(step)) {
      console.error(
        `error: unknown demo step "${step}"\n  hint: steps are ${ORDER.join(', ')} (or all)`,
      );
      return 2;
    }
    const run = steps[step];
    if (run) await run();
    else if (step in PENDING_STEPS) reportPending(step);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
