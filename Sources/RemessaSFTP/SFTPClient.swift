// The SFTP client lives here (issue 3).
