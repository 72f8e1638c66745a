/**
 * The two ways layer maths can stop. A ShapeError is the user's mistake and becomes a diagnostic in Keras's
 * words; an Unresolved is the analyzer's limit (a value it cannot know statically) and becomes `?`.
 */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

export class Unresolved extends Error {
  override readonly name = 'Unresolved';
}
