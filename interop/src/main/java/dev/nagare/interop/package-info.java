/**
 * TensorFlow's file formats: SavedModel and GraphDef export and import, and checkpoints in the tensor-bundle
 * format. Kept beside the session runtime so that the core never depends on protobuf.
 */
package dev.nagare.interop;
