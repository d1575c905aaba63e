import { Readable } from 'node:stream';
import FeedParser from 'feedparser';
import { SaxesParser } from 'saxes';

export interface ReadFeed {
  meta: FeedParser.Meta;
  items: FeedParser.Item[];
}

/** Throws unless the text is well-formed XML 1.0 (saxes checks every character and entity). */
export function checkWellFormed(xml: string): void {
  const parser = new SaxesParser({ xmlns: true });
  let error: Error | undefined;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.write(xml).close();
  if (error) throw error;
}

/** A feed read as a feed reader would: well-formed XML, then feedparser in strict mode. */
export async function readFeed(xml: string): Promise<ReadFeed> {
  checkWellFormed(xml);
  const parser = new FeedParser({ strict: true });
  const items: FeedParser.Item[] = [];
  const done = new Promise<void>((resolve, reject) => {
    parser.on('error', reject);
    parser.on('readable', () => {
      let item;
      while ((item = parser.read())) items.push(item);
    });
    parser.on('end', () => resolve());
  });
  Readable.from([Buffer.from(xml, 'utf8')]).pipe(parser);
  await done;
  return { meta: parser.meta, items };
}
