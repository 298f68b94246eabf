/**
 * Mocha's spec reporter plus one closing line, `<label>: N passed, N failed[, N skipped]`, that CI reads.
 * The label comes from the `SUMMARY_LABEL` environment variable or the reporter option `label`.
 */
import Mocha from 'mocha';

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const label = (options?.reporterOptions as { label?: string } | undefined)?.label ?? process.env.SUMMARY_LABEL ?? 'tests';
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const s = runner.stats;
      const skipped = s?.pending ? `, ${s.pending} skipped` : '';
      console.log(`${label}: ${s?.passes ?? 0} passed, ${s?.failures ?? 0} failed${skipped}`);
    });
  }
}

export = SummaryReporter;
