import { describe, expect, it } from 'vitest';
import { CoplayError } from '../errors.ts';
import { asDatabaseUnavailable } from './database-errors.ts';

const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe('asDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset connection', withCode('ECONNRESET', 'read ECONNRESET')],
    ['a backend terminated by an administrator', withCode('57P01', 'terminating connection')],
    ['a server starting up', withCode('57P03', 'the database system is starting up')],
    ['a connection exception (class 08)', withCode('08006', 'connection failure')],
    ['too many connections', withCode('53300', 'sorry, too many clients already')],
    ['a connection that ended under a query', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    [
      'every address of a host refusing',
      new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed'),
    ],
    ['a refusal wrapped as a cause', new Error('query failed', { cause: withCode('ECONNREFUSED') })],
  ])('maps %s to a 503 DATABASE_UNAVAILABLE with a retry hint', (_name, error) => {
    const mapped = asDatabaseUnavailable(error);
    expect(mapped).toBeInstanceOf(CoplayError);
    expect(mapped).toMatchObject({ code: 'DATABASE_UNAVAILABLE', status: 503, cause: error });
    expect((mapped as CoplayError).details?.retryAfterSeconds).toBeGreaterThan(0);
    // The client gets no host, port or driver text.
    expect((mapped as CoplayError).message).not.toMatch(/127\.0\.0\.1|5432|ECONN|terminat/);
  });

  it.each([
    ['a unique violation', withCode('23505', 'duplicate key value violates unique constraint')],
    ['a syntax error', withCode('42601', 'syntax error at or near "selec"')],
    ['a missing table', withCode('42P01', 'relation "games" does not exist')],
    ['a programming error', new TypeError('cannot read properties of undefined')],
    ['a coded error', new CoplayError('GAME_NOT_FOUND', 'no game 1')],
    ['something that is not an error', 'ECONNREFUSED'],
  ])('leaves %s alone', (_name, error) => {
    expect(asDatabaseUnavailable(error)).toBe(error);
  });
});
