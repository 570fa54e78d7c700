"""Role-play training: the debtor's lines, scoring a trainee's answer, rounds, progress and
the leaderboard."""
