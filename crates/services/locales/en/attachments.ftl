# Files attached to offers and requests
attach-files-label = Attached files (PDF, images, videos)
attach-hint = PDF, images (PNG, JPEG, WebP, GIF) or videos (MP4, MOV, WebM): { $max } MB at most per file, { $count } files at most per offer or request. The type is checked from the file's content, not from its name.
attach-kept = Files already received (no need to send them again):
attach-remove = Remove “{ $name }”
attach-size-kb = { $kb } KB
attach-error-too-large = File too large: see the maximum size under the field.
attach-error-type = File type refused: only PDF documents, PNG, JPEG, WebP or GIF images and MP4, MOV or WebM videos are accepted (no SVG), judging by their content.
attach-error-empty = The file sent is empty.
attach-error-too-many = Too many files for this offer or request: see the maximum number under the field.
attach-error-none = Choose at least one file.
attach-list-title = Attached files
attach-download = Download “{ $name }”
attach-add = Attach files
attach-delete = Delete “{ $name }”
attach-flash-added = Files attached.
attach-flash-removed = File deleted.
