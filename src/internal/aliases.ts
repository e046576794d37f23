/**
 * Installs Play's operators as aliases: each operator is the very function object of the named
 * method on the prototype (`proto['&>'] === proto.through`), so there is one implementation.
 *
 * @internal
 */
export const aliases = (proto: object, table: Readonly<Record<string, string>>): void => {
  for (const alias of Object.keys(table)) {
    const target = table[alias]
    const method: unknown = (proto as Record<string, unknown>)[target]
    if (typeof method !== 'function') throw new TypeError(`alias ${alias}: ${target} is not a method of the prototype`)
    Object.defineProperty(proto, alias, { value: method, writable: false, enumerable: false, configurable: false })
  }
}
