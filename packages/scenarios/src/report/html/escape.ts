/**
 * Text for HTML element content and attribute values: every name and message in a report
 * comes from a scenario or a log, and a pod named `<script>` must read as those characters.
 */
export function esc(text: string | number): string {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A string an element id can hold whatever the name it comes from. */
export function idOf(prefix: string, text: string): string {
  return `${prefix}-${text.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}
