import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isContactLine } from '../../src/clean/boilerplate-rules.js';
import { filesUnder, ingest, INGEST } from '../support/ingest-fixtures.js';

// Real filings whose contact blocks print a name, an agency and a title on lines of their own under
// the label: Beyond Cancer's EX-99.1 of December 2024 (from dgunning/edgartools data/html/BeyondAir.html,
// its safe-harbor paragraph trimmed), Apple's EX-99.1 of February 2024 (two contacts, each a name, a
// company and an e-mail) and a TASER release exported to CSV ("CONTACT:Steve Tuttle" then his title).
const beyond = ingest(filesUnder(join(INGEST, 'contact-blocks'))).releases;
const apple = ingest(filesUnder(join(INGEST, 'headline-deck'))).releases;
const taser = ingest(filesUnder(join(INGEST, 'export-footers'))).releases.find((r) => /Fort Worth/.test(r.title))!;

const paragraphs = (body: string) => body.split('\n\n');

describe('a contact block whose name, agency and title lines follow the label', () => {
  it('is removed whole: names, agencies, titles, e-mails and phones', () => {
    expect(beyond).toHaveLength(1);
    const r = beyond[0]!;
    for (const line of ['Corey Davis, PhD', 'LifeSci Advisors, LLC', 'Matt Johnson, Head of Corporate Development & Strategy', 'Beyond Cancer, Ltd.', 'Cdavis@lifesciadvisors.com', '(212) 915-2577']) {
      expect(paragraphs(r.body), line).not.toContain(line);
      expect(r.removed, line).toContainEqual({ kind: 'contact', text: line });
    }
    const apples = apple[0]!;
    for (const name of ['Josh Rosenstock', 'Suhasini Chandramouli']) {
      expect(apples.body).not.toContain(name);
      expect(apples.removed).toContainEqual({ kind: 'contact', text: name });
    }
    expect(taser.body).not.toMatch(/Steve Tuttle|Vice President of Communications/);
    expect(taser.removed).toContainEqual({ kind: 'contact', text: 'Vice President of CommunicationsTASER International' });
  });

  it('never eats the body around it: the news and the "About <drug>" sections stay', () => {
    const r = beyond[0]!;
    const body = paragraphs(r.body);
    expect(body[0]).toMatch(/^Beyond Cancer, Ltd\., a clinical-stage biotechnology company/);
    expect(body).toContain('About Nitric Oxide');
    expect(body).toContain('About UNO Therapy for Solid Tumors');
    // the last paragraph is the news that closes the release, not a line of the contact block
    expect(body.at(-1)).toMatch(/^Cancer is the second leading cause of death globally/);
    expect(paragraphs(apple[0]!.body).at(-1)).toMatch(/^© 2024 Apple Inc\. All rights reserved\./);
    expect(paragraphs(taser.body)).toHaveLength(4);
  });

  it('tells a line of the block from a sentence of the body', () => {
    const next = ['Cdavis@lifesciadvisors.com', '(212) 915-2577'];
    expect(isContactLine('Corey Davis, PhD', ['LifeSci Advisors, LLC', ...next])).toBe(true);
    expect(isContactLine('LifeSci Advisors, LLC', next)).toBe(true);
    expect(isContactLine('Investor Relations Contact:', [])).toBe(true);
    // a name is a contact line only with its phone, e-mail or title close below it
    expect(isContactLine('Dock and Walk', ['Evidence.com, TASER, Axon, and Axon Flex are trademarks of TASER International, Inc.'])).toBe(false);
    expect(isContactLine('Nitric Oxide (NO) is a potent molecule, naturally synthesized in the human body, proven to play a critical role.', next)).toBe(false);
    expect(isContactLine('The study will recruit patients from four sites across Israel.', next)).toBe(false);
  });
});
