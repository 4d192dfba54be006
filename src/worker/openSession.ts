/** Parses a document into a session, reading its CSV files from the model file's folder with Node (the worker thread's `OpenSession`). */
import { createNodeDataFileReader } from '../model/nodeDataFiles';
import { sessionOpener } from './sessionOpener';

export const openSession = sessionOpener((document) => (document.fileName ? createNodeDataFileReader(document.fileName) : undefined));
