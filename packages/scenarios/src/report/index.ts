/** The HTML report and the time series it draws (also --json's `series`). */
export { type HtmlReportInput, htmlReport } from './html/page.js';
export { MAX_POD_ROWS } from './html/podTimeline.js';
export { SeriesRecorder } from './series/recorder.js';
export * from './series/types.js';
