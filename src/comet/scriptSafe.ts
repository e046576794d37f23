/**
 * Internal: what it takes for a JavaScript text to sit inside an HTML `<script>` element and mean what it says.
 *
 * An HTML parser ends a script element at `</script`, and `<!--` followed by `<script` puts it in a state where the
 * next `</script>` does not end it; both need a `<`. So a script body without `<` can neither escape nor swallow the
 * rest of the page. `>` and `&` are escaped too, for pages parsed as XHTML and for tools that scan markup. U+2028
 * and U+2029 are JavaScript line terminators, a SyntaxError inside a string literal before ES2019, so they go as well.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// script-safe text
// -------------------------------------------------------------------------------------

// What each unsafe character becomes. Inside a string, template or regular expression literal a `\uXXXX` escape reads
// back as the character itself, so the value the script sees does not change.
const escapes: Readonly<Record<string, string>> = {
  '<': '\\u003C',
  '>': '\\u003E',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029'
}

// What an unsafe character preceded by a backslash becomes. `'\<'` is an identity escape, the same as `'<'`; the
// backslash must be replaced, not kept, or `\\u003C` would read as a backslash and the text `u003C`. A backslash
// before a line terminator is a line continuation and contributes nothing to the value, so both go.
const escapedEscapes: Readonly<Record<string, string>> = {
  '\\<': '\\u003C',
  '\\>': '\\u003E',
  '\\&': '\\u0026',
  '\\\u2028': '',
  '\\\u2029': ''
}

const hasUnsafe = /[<>&\u2028\u2029]/

// Backslash pairs are consumed as a whole, left to right, so `\\<` is an escaped backslash followed by a bare `<`
// (parity is right however long the run of backslashes is).
const unsafeOrEscape = /\\[\s\S]|[<>&\u2028\u2029]/g

const replace = (m: string): string => (m.length === 1 ? escapes[m] : (escapedEscapes[m] ?? m))

/**
 * Makes a JavaScript expression text safe inside an HTML `<script>` element: `<`, `>`, `&`, U+2028 and U+2029 are
 * written as `\u003C`, `\u003E`, `\u0026`, `\u2028` and `\u2029`, which JavaScript reads back as the same characters.
 *
 * The result means the same as the input as long as those characters appear only inside string, template or
 * regular expression literals, which is the case for every literal and for all JSON. A `CometMessage` instance must
 * therefore write literals or JSON: an operator such as `a < b` outside a literal cannot be escaped (the result is
 * a syntax error, which is still safe, as the text cannot leave its element).
 *
 * @internal Applied by `Comet` to every message, whatever `CometMessage` wrote it; not re-exported.
 * @since 0.1.0
 */
export const scriptSafe = (js: string): string => (hasUnsafe.test(js) ? js.replace(unsafeOrEscape, replace) : js)

// -------------------------------------------------------------------------------------
// callback names
// -------------------------------------------------------------------------------------

// ASCII only: a non-ASCII identifier is legal JavaScript, but no callback needs one, and ASCII cannot hold a
// character that means something to the HTML parser.
const dottedName = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/

// Words that cannot name a variable in a classic script or in strict code (ES2024 ReservedWord, the strict-mode
// future reserved words, and `await`/`yield`), minus `this`, which is a fine start for `this.cometMessage`.
const reserved: ReadonlySet<string> = new Set([
  'await',
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'implements',
  'import',
  'in',
  'instanceof',
  'interface',
  'let',
  'new',
  'null',
  'package',
  'private',
  'protected',
  'public',
  'return',
  'static',
  'super',
  'switch',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield'
])

/**
 * Names that no part of a callback may have, wherever it stands (`eval`, `window.eval`, `top.location.assign`):
 * called with a message, each runs it as code, writes it as HTML, navigates to it (a `javascript:` URL), or reaches
 * a constructor or prototype (`x.constructor.constructor` is `Function`). Callbacks often come from a query
 * parameter, as JSONP pages take them, and the message may carry what other users wrote.
 *
 * @internal Read by `isDottedName` and listed by the tests; not re-exported.
 */
export const codeRunningNames: ReadonlySet<string> = new Set([
  // strings run as code
  'eval',
  'Function',
  'AsyncFunction',
  'GeneratorFunction',
  'AsyncGeneratorFunction',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'execScript',
  'importScripts',
  'Worker',
  'SharedWorker',
  'WebAssembly',
  // strings written as HTML, whose scripts and handlers run
  'write',
  'writeln',
  'insertAdjacentHTML',
  'setHTMLUnsafe',
  'createContextualFragment',
  'innerHTML',
  'outerHTML',
  'srcdoc',
  'execCommand',
  // strings followed as URLs (`javascript:` runs)
  'location',
  'assign',
  'replace',
  'navigate',
  'open',
  'showModalDialog',
  'href',
  // constructors and prototypes, the way to everything above
  'constructor',
  'prototype',
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__'
])

/**
 * Whether a text is a dotted JavaScript name such as `console.log`, `parent.cometMessage` or `$.x_1`: ASCII
 * identifiers joined by dots, nothing else (no brackets, calls, spaces or quotes). The first part must not be a
 * reserved word (`this` is allowed); later parts are property names, where JavaScript allows any word
 * (`promise.catch`). No part may be a name that runs code (see `codeRunningNames`).
 *
 * @internal The check behind `assertCallback`, exported for its tests; not re-exported.
 * @since 0.1.0
 */
export const isDottedName = (name: string): boolean => {
  if (typeof name !== 'string' || !dottedName.test(name)) return false
  const parts = name.split('.')
  return !reserved.has(parts[0]) && !parts.some((part) => codeRunningNames.has(part))
}

/**
 * Internal: a value as an error message shows it, strings quoted and escaped.
 *
 * @internal Formats values in the comet modules' error messages; not re-exported.
 * @since 0.1.0
 */
export const show = (u: unknown): string => {
  // JSON.stringify shows a string with its quotes and escapes, so an empty or blank value is visible; it returns
  // undefined or throws for a few values.
  try {
    return JSON.stringify(u) ?? String(u)
  } catch {
    return Object.prototype.toString.call(u)
  }
}

/**
 * Throws a `TypeError` naming the value unless it is a dotted JavaScript name (see `isDottedName`). The callback is
 * written into every script as code, so only a name can be trusted there.
 *
 * @internal Run by `Comet` when it is built (a bad callback is a TypeError at once); not re-exported.
 * @since 0.1.0
 */
export function assertCallback(callback: unknown): asserts callback is string {
  if (typeof callback !== 'string' || !isDottedName(callback)) {
    throw new TypeError(
      `Comet callback must be a dotted JavaScript name such as "parent.cometMessage", with no part that runs code (eval, Function, setTimeout, document.write, location...), got ${show(callback)}`
    )
  }
}
