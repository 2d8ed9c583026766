#!/usr/bin/env bash
# test_holdout.sh: descriptions written by hand, apart from the generator:
# everyday goods (tests/postal/data/clean.txt) must be accepted, things that
# must be stopped (stop.txt) held or inspected. A line may give a declared
# value after a tab.
set -u
LINE_PREFIX=H
. tests/postal/screen_lines.sh

screen_lines clean "$data/clean.txt" domestic accept
screen_lines stop "$data/stop.txt" domestic stop
exit $bad
