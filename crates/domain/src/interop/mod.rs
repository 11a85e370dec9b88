//! One internal model, published the ways the SSE movement already reads: Murmurations
//! profiles, ESSGlobal JSON-LD. Each module turns records into a document (and back, where a
//! format is read too); none does I/O. `docs/interop.md` gives the mapping field by field and
//! says what each format loses.

pub mod dfc;
pub mod essglobal;
pub mod murmurations;
