suggest-title = Companies to meet
suggest-intro = These companies answer your requests, seek what you offer or share your sector.
suggest-none = No suggestion yet: describe your offers and requests with precise keywords.
suggest-they-offer = You seek "{ $mine }", they offer "{ $theirs }".
suggest-they-seek = They seek "{ $theirs }", you offer "{ $mine }".
suggest-same-sector = Same sector: { $sector }.
me-suggestions = Companies to meet
