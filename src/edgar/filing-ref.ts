/** One filing as a listing names it, and where EDGAR and the corpus keep it. */
export interface FilingRef {
  /** The CIK the filing is listed under, without leading zeros. */
  cik: number;
  /** `0000320193-19-000032`. */
  accession: string;
  form: string;
  /** The filing date, YYYY-MM-DD. */
  filedAt: string;
  company?: string;
  /** The full submission's path under https://www.sec.gov/ when the listing gives it (daily index). */
  archivePath?: string;
}

/** A CIK given on the command line that is not one. */
export class CikInputError extends Error {
  constructor(readonly text: string) {
    super(`--cik ${JSON.stringify(text)} is not a CIK: a CIK is 1 to 10 digits (leading zeros optional), e.g. 320193 or 0000320193`);
    this.name = 'CikInputError';
  }
}

/** A CIK as a number; throws CikInputError. */
export function parseCik(text: string): number {
  const t = text.trim();
  if (!/^\d{1,10}$/.test(t) || Number(t) === 0) throw new CikInputError(text);
  return Number(t);
}

/** The ten-digit form EDGAR's submissions API names files by. */
export function padCik(cik: number): string {
  return String(cik).padStart(10, '0');
}

const ACCESSION = /^\d{10}-\d{2}-\d{6}$/;

export function isAccession(text: string): boolean {
  return ACCESSION.test(text);
}

/** The full submission text on www.sec.gov. */
export function submissionTextPath(ref: Pick<FilingRef, 'cik' | 'accession'>): string {
  return `Archives/edgar/data/${ref.cik}/${ref.accession}.txt`;
}

/** The filing's folder on www.sec.gov (holds index.json and the documents). */
export function filingFolderPath(ref: Pick<FilingRef, 'cik' | 'accession'>): string {
  return `Archives/edgar/data/${ref.cik}/${ref.accession.replace(/-/g, '')}`;
}

/** Where the fetch saves a filing, relative to the corpus folder. */
export function corpusFilePath(ref: Pick<FilingRef, 'cik' | 'accession'>): string {
  return `edgar/${ref.cik}/${ref.accession}.txt`;
}
