import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../../app/api-client';
import { tokenRequestProblem, twilioProblem } from './softphone-problems';

test("Twilio's codes fold into what the operator can act on", () => {
  assert.deepEqual(twilioProblem({ code: 53000 }), { device: 'unreachable' });
  assert.deepEqual(twilioProblem({ code: 31005 }), { device: 'unreachable' });
  assert.deepEqual(twilioProblem({ code: 20101 }), { device: 'token' });
  assert.deepEqual(twilioProblem({ code: 31204 }), { device: 'token' });
  assert.deepEqual(twilioProblem({ code: 31401 }), { mic: 'denied' });
  assert.deepEqual(twilioProblem({ code: 31402 }), { mic: 'unavailable' });
  assert.deepEqual(twilioProblem({ code: 31480 }), { device: 'other' });
  assert.deepEqual(twilioProblem(null), { device: 'other' });
});

test("the signalling socket's bare 31000 means unreachable only before registration", () => {
  assert.deepEqual(twilioProblem({ code: 31000 }, false), { device: 'unreachable' });
  assert.deepEqual(twilioProblem({ code: 31000 }, true), { device: 'other' });
});

test("our API's answers to the token request", () => {
  assert.equal(tokenRequestProblem(new ApiError(409, 'no_extension', 'x')), 'no_extension');
  assert.equal(tokenRequestProblem(new ApiError(404, 'softphone_disabled', 'x')), 'disabled');
  assert.equal(tokenRequestProblem(new ApiError(0, 'network', 'x')), 'server');
  assert.equal(tokenRequestProblem(new Error('boom')), 'server');
});
