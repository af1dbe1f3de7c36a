import { it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { openSql } from './openSql.ts'
import { DeterministicError, TransientError } from '../../internal/errors.ts'
import { withAdapters } from '../withAdapters.ts'
import { statementIndex } from '../types.ts'

it('a refused connection is a TransientError naming the URL without its password', async () => {
  // A port just freed by a listener on port 0: nothing listens there.
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port
      s.close(() => resolve(p))
    })
  })
  const err = await openSql({ databaseUrl: `postgres://alice:s3cret@127.0.0.1:${port}/db` }).catch((e) => e)
  assert.ok(err instanceof TransientError, String(err))
  assert.match(err.where!, new RegExp(`127\\.0\\.0\\.1:${port}/db`))
  assert.doesNotMatch(err.where! + err.message, /s3cret/)
})

withAdapters('sql errors', (sql) => {
  it('queryMany runs its statements in order and names the one that failed', async () => {
    await sql().query('create table t_many (x int4 primary key)')
    const out = await sql().queryMany<{ n: number }>([
      { text: 'insert into t_many values ($1), ($2)', params: [1, 2] },
      { text: 'select count(*)::int4 as n from t_many' },
      { text: 'select max(x) as n from t_many' },
    ])
    assert.deepEqual(out.map((r) => r.rows), [[], [{ n: 2 }], [{ n: 2 }]])
    const err = await sql()
      .transaction((tx) => tx.queryMany([{ text: 'insert into t_many values (3)' }, { text: 'insert into t_many values (1)' }, { text: 'insert into t_many values (4)' }]))
      .catch((e) => e)
    assert.ok(err instanceof DeterministicError, String(err))
    assert.equal(statementIndex(err), 1)
    assert.match(err.message, /23505/)
    // The transaction rolled back the statement before the failure; the one after never ran.
    assert.deepEqual((await sql().query('select x from t_many order by x')).rows, [{ x: 1 }, { x: 2 }])
  })

  it('a syntax error is a DeterministicError with the statement first line', async () => {
    const err = await sql().query('selec 1\nfrom nowhere').catch((e) => e)
    assert.ok(err instanceof DeterministicError, String(err))
    assert.match(err.where!, /selec 1$/)
  })
  it('a failing transaction rolls back and the connection stays usable', async () => {
    await sql().query('create table t_roll (x int4 primary key)')
    await assert.rejects(
      sql().transaction(async (tx) => {
        await tx.query('insert into t_roll values (1)')
        await tx.query('insert into t_roll values (1)')
      }),
      DeterministicError,
    )
    assert.deepEqual((await sql().query('select count(*)::int4 as n from t_roll')).rows, [{ n: 0 }])
  })
})
