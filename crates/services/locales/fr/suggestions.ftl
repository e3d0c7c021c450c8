suggest-title = Entreprises à rencontrer
suggest-intro = Ces entreprises répondent à vos demandes, recherchent ce que vous proposez ou partagent votre secteur.
suggest-none = Pas encore de suggestion : décrivez vos offres et demandes avec des mots-clés précis.
suggest-they-offer = Vous recherchez « { $mine } », ils proposent « { $theirs } ».
suggest-they-seek = Ils recherchent « { $theirs } », vous proposez « { $mine } ».
suggest-same-sector = Même secteur : { $sector }.
me-suggestions = Entreprises à rencontrer
