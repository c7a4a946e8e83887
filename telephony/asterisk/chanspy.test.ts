import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AmiActionError } from './ami-client';
import { CHANSPY_OPTIONS, chanSpyData } from './chanspy';

describe('ChanSpy options per coaching mode', () => {
  it('listen is quiet, whisper talks to the operator only, barge to both; each exits with the call', () => {
    assert.deepEqual(CHANSPY_OPTIONS, { listen: 'qES', whisper: 'qwES', barge: 'qBES' });
    for (const options of Object.values(CHANSPY_OPTIONS)) {
      assert.ok(options.includes('q') && options.includes('E') && options.includes('S'), options);
    }
    assert.ok(!CHANSPY_OPTIONS.listen.includes('w') && !CHANSPY_OPTIONS.listen.includes('B'));
    assert.ok(!CHANSPY_OPTIONS.whisper.includes('B'));
  });

  it("points at the operator's own channels only (a prefix that a longer extension cannot share)", () => {
    assert.equal(chanSpyData('101', 'listen'), 'PJSIP/101-,qES');
    assert.equal(chanSpyData('101', 'whisper'), 'PJSIP/101-,qwES');
    assert.equal(chanSpyData('101', 'barge'), 'PJSIP/101-,qBES');
    assert.equal(chanSpyData('7001', 'listen', 'SIP/{extension}-'), 'SIP/7001-,qES');
  });

  it('refuses an extension that would smuggle options or arguments into Data', () => {
    for (const bad of ['101,B', '101|x', '', '10 1', '101\r\nAction: Logoff']) {
      assert.throws(() => chanSpyData(bad, 'listen'), (err: unknown) => err instanceof AmiActionError && err.code === 'rejected', bad);
    }
  });
});
