"""Role-play training: the debtor's lines, scoring a trainee's reply, rounds, progress and leaderboard."""
