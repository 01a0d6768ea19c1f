export const DB_HELP = "store file (default: $STRATA_DB, else the desktop app's store in the user data folder)";
