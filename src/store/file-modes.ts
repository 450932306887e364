// Modes of everything in the data folder: the state database holds every user's SCRAM keys, backups copy
// it, reports hold revenue. Files are read and written by their owner only; folders entered by him only.

export const FILE_MODE = 0o600;
export const FOLDER_MODE = 0o700;
