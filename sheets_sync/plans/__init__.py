"""What happens next for each pair: follow-up flags and actions, and the session schedule."""
