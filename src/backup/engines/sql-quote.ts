/** SQL literals for the few statements the tool writes itself (pure). */

/** 'text' as an SQL string literal; MariaDB/MySQL also read backslash escapes. */
export function sqlString(text: string, backslashes: boolean): string {
  return `'${(backslashes ? text.replace(/\\/g, '\\\\') : text).replace(/'/g, "''")}'`;
}

/** A database name as an identifier: `name` for MariaDB/MySQL, "name" for PostgreSQL. */
export function sqlIdentifier(name: string, quote: '`' | '"'): string {
  return `${quote}${name.split(quote).join(quote + quote)}${quote}`;
}
