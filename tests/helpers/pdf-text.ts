// Text of a PDF written with pdf-lib's standard fonts, re-read with pdf-lib: each page's content streams are
// decoded and the strings of its text-showing operators (hex or literal, WinAnsi) are returned, one line per
// operator. Enough for PDFs this app writes; not a general PDF text extractor.
import { PDFArray, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream } from 'pdf-lib';

// WinAnsi 0x80–0x9F (the rest of the byte range is Latin-1)
const WIN_ANSI_HIGH: Record<number, string> = {
  0x80: '€', 0x85: '…', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—', 0x99: '™', 0x9c: 'œ', 0x8c: 'Œ',
};
const winAnsi = (bytes: Uint8Array): string => [...bytes].map((b) => WIN_ANSI_HIGH[b] ?? String.fromCharCode(b)).join('');

function showStrings(content: string): string[] {
  const out: string[] = [];
  const re = /<([0-9A-Fa-f\s]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g;
  for (let m = re.exec(content); m; m = re.exec(content)) {
    if (m[1] !== undefined) {
      const hex = m[1].replace(/\s/g, '');
      const bytes = new Uint8Array(hex.length / 2);
      for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
      out.push(winAnsi(bytes));
    } else out.push(m[2]!.replace(/\\(.)/g, '$1'));
  }
  return out;
}

/** Per page, the lines of text. */
export async function pdfPagesText(bytes: Uint8Array): Promise<string[][]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => {
    const contents = page.node.get(PDFName.of('Contents'));
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
    const lines: string[] = [];
    for (const r of refs) {
      const stream = r instanceof PDFRef ? doc.context.lookup(r) : r;
      if (!(stream instanceof PDFRawStream)) continue;
      lines.push(...showStrings(new TextDecoder('latin1').decode(decodePDFRawStream(stream).decode())));
    }
    return lines;
  });
}
