/** The part of jsfive (a pure JavaScript HDF5 reader) Model Lens uses: a file's root attributes. */
declare module 'jsfive' {
  export class File {
    constructor(buffer: ArrayBuffer, filename?: string);
    readonly attrs: Record<string, unknown>;
  }
}
