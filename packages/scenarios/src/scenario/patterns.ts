/**
 * Regular expressions for the scenario's JSON Schema (scenario.schema.json), so that an editor
 * flags what the loader refuses as the user types. The loader parses with code (Go's duration
 * grammar, upstream's quantity grammar, RFC 3339, DNS names); each pattern is that grammar
 * written out. What a pattern cannot say (a duration finer than 1ms, uniform's max below its
 * min, limits on the value of a number) stays the loader's alone; test/scenario.schema tests
 * list those differences.
 */

/**
 * One Go duration term (a number and its unit) that is a whole number of milliseconds, which is
 * what the loader takes (simulated time ticks in ms): `ms` whole, `s` to 3 decimals, `m` to 4,
 * `h` to 5. A sum of finer terms that adds up to whole ms (`1.5ms500us`) is the loader's alone.
 */
const frac = (digits: number): string => String.raw`(?:[0-9]+(?:\.[0-9]{0,${digits}}0*)?|\.[0-9]{1,${digits}}0*)`;
const TERM = String.raw`(?:[0-9]+(?:\.0*)?ms|${frac(3)}s|${frac(4)}m|${frac(5)}h)`;
/** A Go duration, as time.ParseDuration reads it: `0`, or terms, optionally signed. */
const DURATION = String.raw`[-+]?(?:0|${TERM}+)`;
/** A duration that is not negative (`-` only before zero). */
const ZERO_TERM = String.raw`(?:0+(?:\.0*)?|\.0+)(?:ms|s|m|h)`;
const NON_NEGATIVE_DURATION = String.raw`(?:\+?(?:0|${TERM}+)|-(?:0|${ZERO_TERM}+))`;

export const DURATION_PATTERN: string = `^${DURATION}$`;
export const NON_NEGATIVE_DURATION_PATTERN: string = `^${NON_NEGATIVE_DURATION}$`;

/** A duration to the nanosecond (a sync cost), not negative: any Go unit, any fraction. */
const FINE_TERM = String.raw`(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h)`;
export const FINE_DURATION_PATTERN: string = String.raw`^\+?(?:0|${FINE_TERM}+)$`;

/** A number as strconv.ParseFloat reads it in a distribution's arguments (lognormal's sigma). */
const NUMBER = String.raw`\+?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?`;
const S = String.raw`\s*`;
const D = `${S}${DURATION}${S}`;
/** A delay: a duration, or uniform(MIN, MAX), normal(MEAN, STDDEV), lognormal(MEDIAN, SIGMA), exponential(MEAN), fixed(D). */
export const DISTRIBUTION_PATTERN: string = `^(?:${D}|${S}(?:(?:fixed|exponential)${S}\\(${D}\\)|(?:uniform|normal)${S}\\(${D},${D}\\)|lognormal${S}\\(${D},${S}${NUMBER}${S}\\))${S})$`;

/** A resource quantity (resource.ParseQuantity): a signed decimal and an SI, binary or exponent suffix. */
const SUFFIX = String.raw`(?:[KMGTPE]i|[numkMGTPE]|[eE][-+]?[0-9]+)?`;
export const QUANTITY_PATTERN: string = String.raw`^\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)${SUFFIX}\s*$`;
/** A quantity of 0 or more. */
export const NON_NEGATIVE_QUANTITY_PATTERN: string = String.raw`^\s*\+?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)${SUFFIX}\s*$`;

/** An RFC 3339 time (the loader also checks the ranges of its fields). */
export const RFC3339_PATTERN: string = String.raw`^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$`;

/** A DNS-1123 subdomain (a node's name): lowercase labels joined by dots, at most 253 characters. */
const LABEL = '[a-z0-9](?:[-a-z0-9]*[a-z0-9])?';
export const DNS_SUBDOMAIN_PATTERN: string = `^${LABEL}(?:\\.${LABEL})*$`;

/** A label or taint key: an optional DNS subdomain prefix and `/`, then a name of letters, digits, `-_.`. */
const QUALIFIED_NAME = '[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?';
export const LABEL_KEY_PATTERN: string = `^(?:${LABEL}(?:\\.${LABEL})*/)?${QUALIFIED_NAME}$`;
/** A label or taint value: empty, or a name of at most 63 characters. */
export const LABEL_VALUE_PATTERN: string = `^(?:${QUALIFIED_NAME})?$`;
