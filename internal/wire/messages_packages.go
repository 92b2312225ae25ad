package wire

// Messages of exportPackage and importPackage. Errors opening, reading or
// writing a package file are Python's OSError texts ("[Errno 2] No such
// file or directory: 'x.apkg'"), formatted by collection.PythonFileError,
// and a file that is not a package fails as Anki's importer fails on a
// file that is not a zip: collection.MsgNotAPackage.
const (
	// MsgPathType takes the Python type name of a "path" that is not a
	// string, as open() rejects it.
	MsgPathType = "expected str, bytes or os.PathLike object, not %s"
)
