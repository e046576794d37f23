/**
 * Prints one closing line, `jest: N passed, N failed, N skipped`, after jest's own summary: the
 * plain form that CI reads to know how many tests ran (jest's "Tests: N passed, N total" is not).
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results
    const line = `jest: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped\n`
    // at exit, so that it comes after jest's own summary and is the last line
    process.once('exit', () => process.stderr.write(line))
  }
}
module.exports = SummaryReporter
