"""The playbook (playbook.yml) and its translations: excuses, signs, classes, levers, rubrics."""
