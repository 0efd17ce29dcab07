// Minimal typing of the parts of dcmjs (no published types) that src/report/sr.ts uses.
declare module 'dcmjs' {
  type Naturalized = Record<string, unknown>;
  interface DicomDictInstance {
    dict: Record<string, unknown>;
    meta: Record<string, unknown>;
    write(options?: Record<string, unknown>): ArrayBuffer;
  }
  const dcmjs: {
    data: {
      DicomDict: new (meta: Record<string, unknown>) => DicomDictInstance;
      DicomMessage: { readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): DicomDictInstance };
      DicomMetaDictionary: {
        denaturalizeDataset(ds: Naturalized): Record<string, unknown>;
        naturalizeDataset(ds: Record<string, unknown>): Naturalized;
      };
    };
  };
  export default dcmjs;
}
