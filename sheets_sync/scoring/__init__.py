"""Scoring mentees against mentors: roster columns read once into arrays, one evaluator per
rule test, score tables over distinct answers, and the scores and Why of pairs."""
