import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertStory, e164, TRUTH } from '../helpers/call-truth';
import { tellStories } from '../helpers/fixture-stories';

// The tracker and the call record on every recorded fixture, without network or database: the same
// call stories the TCP replay suite checks end to end.
for (const [fixture, truths] of Object.entries(TRUTH)) {
  test(`${fixture}: exactly the documented calls`, () => {
    const stories = tellStories(fixture);
    assert.equal(stories.length, truths.length, `${fixture}: ${stories.length} calls`);
    for (const truth of truths) {
      const story = stories.find((s) => e164(s) === truth.number && (truth.direction === undefined || s.figures.direction === truth.direction));
      assert.ok(story, `${fixture}: no call for ${truth.number}`);
      assertStory(story, truth, `${fixture} ${truth.number}`);
    }
  });
}

