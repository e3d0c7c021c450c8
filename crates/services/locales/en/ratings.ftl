## Meeting outcomes (MTG-10).
ratings-title = Rate this meeting
ratings-scale = Outcome of the meeting
ratings-comment = Comment (optional)
ratings-save = Save my rating
ratings-saved = Rating saved.
ratings-yours = Your rating: { $label }
ratings-error-unknown = Choose an outcome from the list.
ratings-error-comment-too-long = The comment is too long (2,000 characters at most).
ratings-error-conflict = A meeting can be rated once its slot has ended.
