import assert from 'node:assert/strict';
import { test } from 'node:test';
import { originPolicy, requestOrigin } from './origin-check';

test('the own Host is allowed, another port or scheme-less junk is not', () => {
  const p = originPolicy();
  assert.equal(p.allows('http://10.0.0.5:3000', '10.0.0.5:3000'), true);
  assert.equal(p.allows('http://10.0.0.5:3000', '10.0.0.5:3001'), false);
  assert.equal(p.allows('http://10.0.0.5:3001', '10.0.0.5:3000'), false);
  assert.equal(p.allows('http://CRM.example.com', 'crm.example.com'), true);
  assert.equal(p.allows('null', '10.0.0.5:3000'), false);
  assert.equal(p.allows('file://', 'x'), false);
  assert.equal(p.allows('http://10.0.0.5:3000', undefined), false);
});

test('PUBLIC_URL and ALLOWED_ORIGINS are allowed by origin, whatever their path', () => {
  const p = originPolicy({ publicUrl: 'https://crm.example.com/base/', allowedOrigins: ['http://localhost:5173'] });
  assert.equal(p.allows('https://crm.example.com', 'internal:3000'), true);
  assert.equal(p.allows('http://crm.example.com', 'internal:3000'), false);
  assert.equal(p.allows('http://localhost:5173', 'localhost:3000'), true);
  assert.equal(p.allows('http://localhost:5174', 'localhost:3000'), false);
});

test('the request origin is Origin, else the origin of Referer', () => {
  assert.equal(requestOrigin({ origin: 'https://a.example' }), 'https://a.example');
  assert.equal(requestOrigin({ referer: 'https://b.example/page?x=1' }), 'https://b.example');
  assert.equal(requestOrigin({ referer: 'not a url' }), 'null');
  assert.equal(requestOrigin({}), null);
});
