/**
 * The SQL run first in a PostgreSQL restore's transaction (pure text): it refuses what the restore
 * cannot do without changing an administrator's objects, then drops everything the restoring user
 * owns, so that the restore brings the database back to the backup.
 */

/**
 * Conditions on an object `o` of catalog `catalog`: the restoring user may drop it, and no extension
 * owns it (nor, with the default `deptypes`, another object it goes with).
 */
const mine = (owner: string, catalog: string, oid: string, deptypes = `'e', 'a', 'i'`): string =>
  `pg_catalog.pg_has_role(${owner}, 'USAGE') AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
      WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype IN (${deptypes}))`;

const NOT_SYSTEM = (ns: string): string => `${ns}.nspname <> 'information_schema' AND ${ns}.nspname NOT LIKE 'pg\\_%'`;

/**
 * A query of the objects of catalog `catalog` (alias `x`) the restore drops: `sql` (the DROP, from
 * the format text `what`), `classid` and `objid` (what the refusal below walks from).
 */
const dropQuery = (what: string, catalog: string, from: string): string =>
  `SELECT format(${what}) AS sql, '${catalog}'::pg_catalog.regclass AS classid, x.oid AS objid FROM ${from}`;

/**
 * The user's objects of catalog `catalog` (alias `x`, in a schema: `n`) that live in a schema kept by
 * the drops above (public, one of another role): `what` is the DROP's object (format text, from the
 * row), `ns` the namespace column (none: an object outside schemas). Only extension members are kept:
 * an operator class depends on its family (`a`), which may be another role's.
 */
function dropOwned(what: string, catalog: string, owner: string, ns?: string): string {
  const from = ns ? `${catalog} x JOIN pg_catalog.pg_namespace n ON n.oid = x.${ns} WHERE ${NOT_SYSTEM('n')} AND` : `${catalog} x WHERE`;
  return dropQuery(`'DROP %s IF EXISTS %s CASCADE', ${what}`, catalog, `${from} ${mine(`x.${owner}`, catalog, 'x.oid', `'e'`)}`);
}

/** `schema.name` of a row of a catalog in a schema (format's %I.%I, as one text). */
const qualified = (name: string): string => `format('%I.%I', n.nspname, x.${name})`;

/** The user's event triggers: dropped first, so that none fires on the restore (the dump makes those it had again, last). */
const EVENT_TRIGGERS = dropOwned(`'EVENT TRIGGER', pg_catalog.quote_ident(x.evtname)`, 'pg_catalog.pg_event_trigger', 'evtowner');

/**
 * The drops, in order: the event triggers, the extensions the user installed (trusted ones; the dump
 * installs those it had again), its schemas but public, then in the others its tables, views,
 * sequences (not one owned by a column: it goes with its table), functions, procedures, aggregates,
 * types and domains; then the user's objects that no drop of a table, function or type takes with it
 * (they may be built on the system's functions and types only): operator classes and families (a
 * superuser made them, then gave them to the user), operators, collations, text search configurations
 * and dictionaries, conversions, publications, foreign servers (their user mappings go with them), and,
 * for a superuser, foreign data wrappers. Members of extensions stay (`mine`).
 */
const DROPS = [
  EVENT_TRIGGERS,
  dropQuery(
    `'DROP EXTENSION IF EXISTS %I CASCADE', x.extname`,
    'pg_catalog.pg_extension',
    `pg_catalog.pg_extension x WHERE x.extname <> 'plpgsql' AND pg_catalog.pg_has_role(x.extowner, 'USAGE')`,
  ),
  dropQuery(
    `'DROP SCHEMA IF EXISTS %I CASCADE', x.nspname`,
    'pg_catalog.pg_namespace',
    `pg_catalog.pg_namespace x WHERE x.nspname <> 'public' AND ${NOT_SYSTEM('x')} AND ${mine('x.nspowner', 'pg_catalog.pg_namespace', 'x.oid')}`,
  ),
  dropQuery(
    `'DROP %s IF EXISTS %I.%I CASCADE', CASE x.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
        WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, n.nspname, x.relname`,
    'pg_catalog.pg_class',
    `pg_catalog.pg_class x JOIN pg_catalog.pg_namespace n ON n.oid = x.relnamespace
      WHERE x.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND NOT x.relispartition AND ${NOT_SYSTEM('n')}
      AND ${mine('x.relowner', 'pg_catalog.pg_class', 'x.oid')}`,
  ),
  dropQuery(
    `'DROP %s IF EXISTS %I.%I(%s) CASCADE', CASE x.prokind WHEN 'a' THEN 'AGGREGATE' WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END,
      n.nspname, x.proname, pg_catalog.pg_get_function_identity_arguments(x.oid)`,
    'pg_catalog.pg_proc',
    `pg_catalog.pg_proc x JOIN pg_catalog.pg_namespace n ON n.oid = x.pronamespace
      WHERE ${NOT_SYSTEM('n')} AND ${mine('x.proowner', 'pg_catalog.pg_proc', 'x.oid')}`,
  ),
  dropQuery(
    `'DROP %s IF EXISTS %I.%I CASCADE', CASE x.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, n.nspname, x.typname`,
    'pg_catalog.pg_type',
    `pg_catalog.pg_type x JOIN pg_catalog.pg_namespace n ON n.oid = x.typnamespace
      WHERE x.typtype IN ('c', 'd', 'e', 'r') AND ${NOT_SYSTEM('n')}
      AND (x.typrelid = 0 OR (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = x.typrelid) = 'c')
      AND ${mine('x.typowner', 'pg_catalog.pg_type', 'x.oid')}`,
  ),
  dropOwned(
    `'OPERATOR CLASS', ${qualified('opcname')} || ' USING ' || (SELECT pg_catalog.quote_ident(amname) FROM pg_catalog.pg_am WHERE oid = x.opcmethod)`,
    'pg_catalog.pg_opclass',
    'opcowner',
    'opcnamespace',
  ),
  dropOwned(
    `'OPERATOR FAMILY', ${qualified('opfname')} || ' USING ' || (SELECT pg_catalog.quote_ident(amname) FROM pg_catalog.pg_am WHERE oid = x.opfmethod)`,
    'pg_catalog.pg_opfamily',
    'opfowner',
    'opfnamespace',
  ),
  dropOwned(
    `'OPERATOR', format('%I.%s (%s, %s)', n.nspname, x.oprname, CASE x.oprleft WHEN 0 THEN 'NONE' ELSE x.oprleft::pg_catalog.regtype::text END, x.oprright::pg_catalog.regtype)`,
    'pg_catalog.pg_operator',
    'oprowner',
    'oprnamespace',
  ),
  dropOwned(`'COLLATION', ${qualified('collname')}`, 'pg_catalog.pg_collation', 'collowner', 'collnamespace'),
  dropOwned(`'TEXT SEARCH CONFIGURATION', ${qualified('cfgname')}`, 'pg_catalog.pg_ts_config', 'cfgowner', 'cfgnamespace'),
  dropOwned(`'TEXT SEARCH DICTIONARY', ${qualified('dictname')}`, 'pg_catalog.pg_ts_dict', 'dictowner', 'dictnamespace'),
  dropOwned(`'CONVERSION', ${qualified('conname')}`, 'pg_catalog.pg_conversion', 'conowner', 'connamespace'),
  dropOwned(`'PUBLICATION', pg_catalog.quote_ident(x.pubname)`, 'pg_catalog.pg_publication', 'pubowner'),
  dropOwned(`'SERVER', pg_catalog.quote_ident(x.srvname)`, 'pg_catalog.pg_foreign_server', 'srvowner'),
  dropOwned(`'FOREIGN DATA WRAPPER', pg_catalog.quote_ident(x.fdwname)`, 'pg_catalog.pg_foreign_data_wrapper', 'fdwowner'),
];

/** Catalogs whose rows have an owner column. */
const OWNER_COLUMNS: Readonly<Record<string, string>> = {
  pg_class: 'relowner',
  pg_proc: 'proowner',
  pg_type: 'typowner',
  pg_namespace: 'nspowner',
  pg_event_trigger: 'evtowner',
  pg_statistic_ext: 'stxowner',
  pg_operator: 'oprowner',
  pg_opclass: 'opcowner',
  pg_opfamily: 'opfowner',
  pg_collation: 'collowner',
  pg_conversion: 'conowner',
  pg_ts_config: 'cfgowner',
  pg_ts_dict: 'dictowner',
  pg_foreign_server: 'srvowner',
  pg_foreign_data_wrapper: 'fdwowner',
  pg_publication: 'pubowner',
  pg_extension: 'extowner',
  pg_language: 'lanowner',
};

/** Catalogs whose rows are parts of an object of another catalog (column → catalog): they are its owner's. */
const PART_OF: Readonly<Record<string, readonly [string, string][]>> = {
  pg_rewrite: [['ev_class', 'pg_class']],
  pg_trigger: [['tgrelid', 'pg_class']],
  pg_policy: [['polrelid', 'pg_class']],
  pg_attrdef: [['adrelid', 'pg_class']],
  pg_constraint: [
    ['conrelid', 'pg_class'],
    ['contypid', 'pg_type'],
  ],
  pg_publication_rel: [['prpubid', 'pg_publication']],
  pg_amop: [['amopfamily', 'pg_opfamily']],
  pg_amproc: [['amprocfamily', 'pg_opfamily']],
};

/** pg_user_mapping is the superuser's alone (it holds passwords): its view, through the server. */
const userMappingOwner = (objid: string): string =>
  `(SELECT gd_p.srvowner FROM pg_catalog.pg_user_mappings gd_y JOIN pg_catalog.pg_foreign_server gd_p ON gd_p.oid = gd_y.srvid WHERE gd_y.umid = ${objid})`;

/** The owner of the object `<a>.classid`/`<a>.objid` (NULL for a catalog not listed: taken as another role's). */
const ownerOf = (a: string): string => `CASE ${a}.classid
${[
  ...Object.entries(OWNER_COLUMNS).map(
    ([cat, col]) => `  WHEN 'pg_catalog.${cat}'::pg_catalog.regclass THEN (SELECT ${col} FROM pg_catalog.${cat} WHERE oid = ${a}.objid)`,
  ),
  ...Object.entries(PART_OF).map(([cat, parts]) => {
    const each = parts.map(
      ([col, parent]) =>
        `(SELECT gd_p.${OWNER_COLUMNS[parent]} FROM pg_catalog.${cat} gd_y JOIN pg_catalog.${parent} gd_p ON gd_p.oid = gd_y.${col} WHERE gd_y.oid = ${a}.objid)`,
    );
    return `  WHEN 'pg_catalog.${cat}'::pg_catalog.regclass THEN COALESCE(${each.join(', ')})`;
  }),
  `  WHEN 'pg_catalog.pg_user_mapping'::pg_catalog.regclass THEN ${userMappingOwner(`${a}.objid`)}`,
].join('\n')}
END`;

/** Casts and transforms have no owner: whoever owns one of their types made them (the dump has them). */
const OWNERLESS = `('pg_catalog.pg_cast'::pg_catalog.regclass, 'pg_catalog.pg_transform'::pg_catalog.regclass)`;

/**
 * The objects of other roles the drops would take with them (DROP ... CASCADE follows pg_depend
 * whoever owns the dependent object: an administrator's column of the user's type, its view over the
 * user's table, its index with the user's operator class, its objects in the user's schema), as one
 * text into `gd_list`. `dep`: every object a drop takes along; `fine`: those that go as a part of a
 * dropped object (`i`: a view's rule, an array type; `a` with the same owner: the functions of an
 * operator family) or as a member of a dropped extension (`e`, whoever owns it: the extension makes
 * it again).
 */
const TAKEN_ALONG = `WITH RECURSIVE roots(classid, objid) AS (
${DROPS.map((q) => `  SELECT classid, objid FROM (${q}) q`).join('\n  UNION ALL\n')}
), dep(classid, objid, objsubid) AS (
  SELECT d.classid, d.objid, d.objsubid FROM pg_catalog.pg_depend d JOIN roots rt ON d.refclassid = rt.classid AND d.refobjid = rt.objid
  UNION
  SELECT d.classid, d.objid, d.objsubid FROM pg_catalog.pg_depend d JOIN dep p ON d.refclassid = p.classid AND d.refobjid = p.objid
), fine(classid, objid) AS (
  SELECT classid, objid FROM roots
  UNION
  SELECT d.classid, d.objid FROM pg_catalog.pg_depend d JOIN fine f ON d.refclassid = f.classid AND d.refobjid = f.objid
    WHERE d.deptype IN ('i', 'e') OR (d.deptype = 'a' AND (${ownerOf('d')}) = (${ownerOf('f')}))
)
SELECT string_agg(DISTINCT format('%s (owner %s)', pg_catalog.pg_describe_object(o.classid, o.objid, o.objsubid),
    COALESCE(w.owner::pg_catalog.regrole::text, 'unknown')), '; ') INTO gd_list
  FROM dep o CROSS JOIN LATERAL (SELECT ${ownerOf('o')} AS owner) w
  WHERE o.classid NOT IN ${OWNERLESS} AND NOT COALESCE(pg_catalog.pg_has_role(w.owner, 'USAGE'), false)
    AND NOT EXISTS (SELECT 1 FROM fine fi WHERE fi.classid = o.classid AND fi.objid = o.objid);`;

/** Event triggers of other roles that would fire on the restore's statements (the user cannot disable nor drop them), into `gd_list`. */
const FIRING = `SELECT string_agg(format('%I (on %s, owner %s)', x.evtname, x.evtevent, x.evtowner::pg_catalog.regrole), ', ') INTO gd_list
  FROM pg_catalog.pg_event_trigger x
  WHERE CASE pg_catalog.current_setting('session_replication_role') WHEN 'replica' THEN x.evtenabled IN ('R', 'A') ELSE x.evtenabled IN ('O', 'A') END
    AND x.oid NOT IN (SELECT objid FROM (${EVENT_TRIGGERS}) q);`;

/** `RAISE EXCEPTION 'restore refused: <why>: <gd_list>. <todo> Nothing was changed.'` when `gd_list` is set. */
const refuseIf = (why: string, todo: string): string =>
  `  IF gd_list IS NOT NULL THEN
    RAISE EXCEPTION '%', format('restore refused: %s: %s. %s Nothing was changed.', ${sqlText(why)}, gd_list, ${sqlText(todo)});
  END IF;`;

const sqlText = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/**
 * SQL run first, in the restore's transaction. It refuses, before anything is dropped, when an event
 * trigger of another role would fire on the restore (it may fail it, or change what it restores) or
 * when the drops would take objects of other roles with them. Then everything the restoring user
 * owns in the database (and may drop) is dropped (DROPS), and its large objects, so that the restore
 * brings the database back to the backup and nothing made after it stays or blocks `--clean` (a
 * foreign key to a restored table, a new table in a restored schema). Objects of other roles stay
 * (the user cannot drop them). Its warning about the script's own BEGIN is hidden.
 */
export const PG_RESTORE_PRELUDE = `SET client_min_messages = error;
BEGIN;
DO $gd$
DECLARE r record; gd_list text;
BEGIN
  ${FIRING}
${refuseIf(
  'event triggers of another role would fire on its statements (they may fail the restore or change what it restores), and the database user can neither disable nor drop them',
  'Restore as a superuser, or have their owner disable them for the restore (ALTER EVENT TRIGGER name DISABLE, then ENABLE).',
)}
  ${TAKEN_ALONG}
${refuseIf(
  "the restore drops the database user's objects, and with them (CASCADE) these objects of other roles that depend on them",
  "Have their owner drop them or make them independent of the user's objects first, or restore as their owner.",
)}
${DROPS.map((q) => `  FOR r IN ${q}\n  LOOP EXECUTE r.sql; END LOOP;`).join('\n')}
  PERFORM pg_catalog.lo_unlink(l.oid) FROM pg_catalog.pg_largeobject_metadata l WHERE pg_catalog.pg_has_role(l.lomowner, 'USAGE');
END $gd$;`;
