//! Vocabulary of the large demo generator: sectors with what their companies offer and seek,
//! cities, names and job titles. French texts keep their accents so that accent-insensitive
//! search is exercised.

/// One sector (a code of the built-in sector list, `taxonomy`) and how its companies talk.
pub struct Sector {
    /// Sector code.
    pub code: &'static str,
    /// Words used in company names.
    pub name_words: &'static [&'static str],
    /// Activity, French (after « spécialisée dans »).
    pub activity_fr: &'static str,
    /// Activity, English (after "specialised in").
    pub activity_en: &'static str,
    /// Offers: title and keywords.
    pub offers: &'static [(&'static str, &'static str)],
    /// Requests: title and keywords.
    pub requests: &'static [(&'static str, &'static str)],
}

/// The sectors, with the codes of the registration form.
pub const SECTORS: &[Sector] = &[
    Sector {
        code: "agrifood",
        name_words: &[
            "Saveurs",
            "Terroirs",
            "Agrumes",
            "Oliveraies",
            "Épices",
            "Céréales",
        ],
        activity_fr: "la transformation et l’export de produits agroalimentaires",
        activity_en: "food processing and export",
        offers: &[
            (
                "Huile d’olive extra vierge biologique",
                "huile d’olive, bio, export",
            ),
            (
                "Conserverie de légumes méditerranéens",
                "conserves, légumes, sous-traitance",
            ),
            (
                "Épices et mélanges prêts à l’emploi",
                "épices, safran, cumin",
            ),
            (
                "Agrumes frais calibrés pour la grande distribution",
                "agrumes, clémentines, logistique du froid",
            ),
            (
                "Dattes Medjool et fruits secs",
                "dattes, fruits secs, emballage",
            ),
        ],
        requests: &[
            (
                "Distributeur pour produits du terroir en Europe",
                "distribution, épiceries fines, import",
            ),
            (
                "Emballages biodégradables pour produits frais",
                "emballage, biodégradable, carton",
            ),
            ("Certification IFS et BRC", "qualité, certification, audit"),
        ],
    },
    Sector {
        code: "renewable_energy",
        name_words: &[
            "Solaire",
            "Énergies",
            "Éolien",
            "Photovoltaïque",
            "Soleil",
            "Hélios",
        ],
        activity_fr: "les énergies renouvelables et l’efficacité énergétique",
        activity_en: "renewable energy and energy efficiency",
        offers: &[
            (
                "Centrales photovoltaïques en toiture clés en main",
                "photovoltaïque, toiture, installation",
            ),
            (
                "Pompage solaire pour l’irrigation agricole",
                "pompage solaire, irrigation, agriculture",
            ),
            (
                "Audit énergétique des bâtiments industriels",
                "audit, efficacité énergétique, industrie",
            ),
            (
                "Stockage d’énergie par batteries lithium",
                "stockage, batteries, réseau",
            ),
        ],
        requests: &[
            (
                "Partenaire installateur au Maroc",
                "installation, maintenance, partenariat",
            ),
            (
                "Financement de projets solaires",
                "financement, tiers investisseur, projet",
            ),
            (
                "Onduleurs et structures de fixation",
                "onduleurs, fournisseur, structures",
            ),
        ],
    },
    Sector {
        code: "water",
        name_words: &["Hydro", "Aqua", "Sources", "Oasis", "Rivières"],
        activity_fr: "le traitement et la gestion de l’eau",
        activity_en: "water treatment and management",
        offers: &[
            (
                "Dessalement d’eau de mer par osmose inverse",
                "dessalement, osmose inverse, eau potable",
            ),
            (
                "Stations d’épuration compactes",
                "épuration, eaux usées, réutilisation",
            ),
            (
                "Capteurs connectés de détection de fuites",
                "fuites, capteurs, réseau d’eau",
            ),
            (
                "Irrigation goutte-à-goutte de précision",
                "irrigation, goutte-à-goutte, économie d’eau",
            ),
        ],
        requests: &[
            (
                "Bureau d’études hydrauliques partenaire",
                "ingénierie, hydraulique, études",
            ),
            (
                "Membranes de filtration",
                "membranes, filtration, fournisseur",
            ),
        ],
    },
    Sector {
        code: "textile",
        name_words: &["Tissages", "Fils", "Mode", "Cotonnière", "Couture", "Lin"],
        activity_fr: "la confection et les textiles techniques",
        activity_en: "garment making and technical textiles",
        offers: &[
            (
                "Confection de vêtements de travail",
                "confection, vêtements professionnels, sous-traitance",
            ),
            (
                "Tissus techniques ignifugés",
                "textile technique, ignifugé, sécurité",
            ),
            (
                "Broderie et sérigraphie à façon",
                "broderie, sérigraphie, personnalisation",
            ),
            ("Denim écoresponsable", "denim, coton bio, écoconception"),
        ],
        requests: &[
            (
                "Marques européennes cherchant un atelier de confection",
                "donneur d’ordre, confection, marque",
            ),
            ("Fibres recyclées", "recyclage, fibres, économie circulaire"),
        ],
    },
    Sector {
        code: "aeronautics",
        name_words: &["Aéro", "Précision", "Usinage", "Composites", "Ailes"],
        activity_fr: "la sous-traitance aéronautique et la mécanique de précision",
        activity_en: "aerospace subcontracting and precision engineering",
        offers: &[
            (
                "Usinage de pièces en titane et aluminium",
                "usinage, titane, commande numérique",
            ),
            (
                "Câblage et faisceaux électriques",
                "câblage, faisceaux, électronique",
            ),
            (
                "Pièces en matériaux composites",
                "composites, carbone, drapage",
            ),
            (
                "Contrôle non destructif",
                "contrôle non destructif, qualité, EN 9100",
            ),
        ],
        requests: &[
            (
                "Donneurs d’ordre de rang 1",
                "rang 1, sous-traitance, aéronautique",
            ),
            (
                "Traitement de surface certifié Nadcap",
                "traitement de surface, Nadcap, certification",
            ),
        ],
    },
    Sector {
        code: "digital",
        name_words: &[
            "Numérique",
            "Logiciels",
            "Data",
            "Cloud",
            "Pixel",
            "Réseaux",
        ],
        activity_fr: "le développement de logiciels et les services numériques",
        activity_en: "software development and digital services",
        offers: &[
            (
                "Développement d’applications mobiles",
                "application mobile, développement, Android",
            ),
            (
                "Plateforme de commerce en ligne",
                "e-commerce, plateforme, paiement",
            ),
            (
                "Cybersécurité et tests d’intrusion",
                "cybersécurité, audit, sécurité",
            ),
            (
                "Intelligence artificielle pour l’industrie",
                "intelligence artificielle, données, maintenance prédictive",
            ),
            (
                "Centre de services en nearshore",
                "nearshore, externalisation, développeurs",
            ),
        ],
        requests: &[
            (
                "Intégrateur ERP partenaire",
                "ERP, intégration, partenariat",
            ),
            (
                "Clients PME pour solution de facturation",
                "facturation, PME, logiciel",
            ),
            (
                "Investisseurs pour une jeune pousse",
                "levée de fonds, investissement, start-up",
            ),
        ],
    },
    Sector {
        code: "logistics",
        name_words: &["Transports", "Logistique", "Fret", "Transit", "Routes"],
        activity_fr: "le transport international et la logistique",
        activity_en: "international transport and logistics",
        offers: &[
            (
                "Transport routier Europe–Maroc en groupage",
                "groupage, transport routier, Tanger",
            ),
            ("Entreposage sous douane", "entrepôt, douane, stockage"),
            (
                "Commission de transport maritime",
                "fret maritime, conteneurs, transitaire",
            ),
            ("Logistique du froid", "froid, frigorifique, produits frais"),
        ],
        requests: &[
            (
                "Chargeurs pour lignes régulières",
                "chargeurs, fret, ligne régulière",
            ),
            (
                "Plateforme logistique à Marseille",
                "plateforme, Marseille, entrepôt",
            ),
        ],
    },
    Sector {
        code: "tourism",
        name_words: &["Riads", "Voyages", "Séjours", "Évasion", "Horizons"],
        activity_fr: "le tourisme d’affaires et l’hôtellerie",
        activity_en: "business travel and hospitality",
        offers: &[
            (
                "Séminaires et voyages d’entreprise",
                "séminaire, incentive, événementiel",
            ),
            ("Hôtellerie de charme en médina", "riad, hôtel, médina"),
            ("Circuits d’écotourisme", "écotourisme, randonnée, désert"),
        ],
        requests: &[
            (
                "Agences de voyages européennes",
                "tour-opérateur, distribution, agences",
            ),
            (
                "Réservation en ligne pour hôtels indépendants",
                "réservation, logiciel, hôtellerie",
            ),
        ],
    },
    Sector {
        code: "building",
        name_words: &["Bâtiment", "Construction", "Matériaux", "Pierre", "Béton"],
        activity_fr: "la construction durable et les matériaux",
        activity_en: "sustainable construction and building materials",
        offers: &[
            (
                "Briques en terre crue",
                "terre crue, matériaux biosourcés, construction",
            ),
            (
                "Menuiseries aluminium à rupture de pont thermique",
                "menuiserie, aluminium, isolation",
            ),
            (
                "Maîtrise d’œuvre de bâtiments basse consommation",
                "maîtrise d’œuvre, basse consommation, architecture",
            ),
            (
                "Carrelage et zellige artisanal",
                "zellige, carrelage, artisanat",
            ),
        ],
        requests: &[
            ("Isolants biosourcés", "isolation, chanvre, fournisseur"),
            (
                "Entreprises générales pour chantiers à l’export",
                "entreprise générale, chantier, export",
            ),
        ],
    },
    Sector {
        code: "health",
        name_words: &["Santé", "Médical", "Pharma", "Biotech", "Soins"],
        activity_fr: "les dispositifs médicaux et la santé",
        activity_en: "medical devices and healthcare",
        offers: &[
            (
                "Dispositifs médicaux à usage unique",
                "dispositifs médicaux, stérile, hôpital",
            ),
            (
                "Télémédecine pour les zones rurales",
                "télémédecine, télésanté, rural",
            ),
            (
                "Cosmétiques à l’huile d’argan",
                "cosmétique, argan, naturel",
            ),
            (
                "Essais cliniques et affaires réglementaires",
                "essais cliniques, réglementaire, marquage CE",
            ),
        ],
        requests: &[
            (
                "Distributeurs de matériel hospitalier",
                "distribution, hôpitaux, matériel médical",
            ),
            (
                "Principes actifs d’origine végétale",
                "plantes médicinales, extraits, fournisseur",
            ),
        ],
    },
    Sector {
        code: "other",
        name_words: &["Conseil", "Services", "Partenaires", "Stratégie", "Export"],
        activity_fr: "le conseil et l’accompagnement à l’international",
        activity_en: "consulting and international business support",
        offers: &[
            (
                "Accompagnement à l’implantation au Maroc",
                "implantation, conseil, création d’entreprise",
            ),
            (
                "Traduction et interprétariat d’affaires",
                "traduction, interprétariat, arabe",
            ),
            (
                "Formation professionnelle sur mesure",
                "formation, compétences, management",
            ),
        ],
        requests: &[
            (
                "Cabinets d’avocats d’affaires partenaires",
                "juridique, droit des affaires, partenariat",
            ),
            (
                "Experts-comptables pour filiales",
                "comptabilité, filiale, fiscalité",
            ),
        ],
    },
];

/// Countries with their cities and weight (out of 100).
pub const COUNTRIES: &[(&str, u32, &[&str])] = &[
    (
        "FR",
        38,
        &[
            "Montpellier",
            "Marseille",
            "Toulouse",
            "Nîmes",
            "Perpignan",
            "Lyon",
            "Béziers",
            "Sète",
            "Paris",
            "Nice",
        ],
    ),
    (
        "MA",
        30,
        &[
            "Casablanca",
            "Rabat",
            "Tanger",
            "Marrakech",
            "Agadir",
            "Fès",
            "Oujda",
            "Kénitra",
            "Meknès",
        ],
    ),
    (
        "ES",
        8,
        &["Barcelone", "Valence", "Séville", "Málaga", "Madrid"],
    ),
    ("IT", 6, &["Gênes", "Naples", "Turin", "Milan", "Palerme"]),
    ("BE", 4, &["Bruxelles", "Liège", "Anvers"]),
    ("DE", 4, &["Hambourg", "Munich", "Cologne"]),
    ("PT", 4, &["Lisbonne", "Porto", "Faro"]),
    ("NL", 3, &["Rotterdam", "Eindhoven"]),
    ("TN", 3, &["Tunis", "Sfax", "Sousse"]),
];

/// Legal form by country.
pub fn legal_form(country: &str) -> &'static str {
    match country {
        "FR" => "SAS",
        "MA" => "SARL",
        "ES" => "S.L.",
        "IT" => "S.r.l.",
        "BE" => "SRL",
        "DE" => "GmbH",
        "PT" => "Lda",
        "NL" => "B.V.",
        _ => "SA",
    }
}

/// First words of company names.
pub const NAME_ROOTS: &[&str] = &[
    "Atlas",
    "Méditerranée",
    "Occitane",
    "Azur",
    "Garrigue",
    "Cèdre",
    "Argane",
    "Rif",
    "Sahel",
    "Camargue",
    "Lumière",
    "Étoile",
    "Horizon",
    "Oréade",
    "Zénith",
    "Alizé",
    "Mistral",
    "Tramontane",
    "Safran",
    "Indigo",
    "Corail",
    "Émeraude",
    "Ibis",
    "Phénix",
    "Calanque",
    "Cévennes",
    "Andalou",
    "Anti-Atlas",
    "Ouarzazate",
    "Littoral",
];

/// First names by country group (French-speaking, Maghreb, rest of Europe).
pub const FIRST_NAMES_FR: &[&str] = &[
    "Élodie",
    "Hélène",
    "François",
    "Jérôme",
    "Amélie",
    "Léa",
    "Théo",
    "Chloé",
    "Benoît",
    "Zoé",
    "Mathéo",
    "Noémie",
    "Gaël",
    "Inès",
    "Céline",
    "Loïc",
];
/// Last names (French).
pub const LAST_NAMES_FR: &[&str] = &[
    "Lefèvre",
    "Garnier",
    "Bérard",
    "Mercier",
    "Rousseau",
    "Fabre",
    "Chevalier",
    "Lemaître",
    "Dupré",
    "Hébert",
    "Fournier",
    "Caron",
    "Gauthier",
    "Périer",
];
/// First names (Maghreb).
pub const FIRST_NAMES_MA: &[&str] = &[
    "Youssef", "Salma", "Mehdi", "Khadija", "Omar", "Imane", "Karim", "Nadia", "Hamza", "Meryem",
    "Rachid", "Sanaa", "Anas", "Houda",
];
/// Last names (Maghreb).
pub const LAST_NAMES_MA: &[&str] = &[
    "Benali",
    "El Idrissi",
    "Alaoui",
    "Bennani",
    "Tazi",
    "Chraïbi",
    "El Fassi",
    "Berrada",
    "Lahlou",
    "Ouazzani",
    "Amrani",
    "Kettani",
];
/// First names (rest of Europe).
pub const FIRST_NAMES_EU: &[&str] = &[
    "Lucía", "Marco", "João", "Sofía", "Giulia", "Jürgen", "Ana", "Pieter", "Chiara", "Lukas",
    "Inês", "Javier",
];
/// Last names (rest of Europe).
pub const LAST_NAMES_EU: &[&str] = &[
    "García",
    "Rossi",
    "Müller",
    "Silva",
    "Martínez",
    "Bianchi",
    "Janssens",
    "de Vries",
    "Fernández",
    "Esposito",
    "Schäfer",
    "Peeters",
];

/// Job titles, French and English.
pub const JOB_TITLES: &[(&str, &str)] = &[
    ("Directrice générale", "Managing director"),
    ("Directeur commercial", "Sales director"),
    ("Responsable export", "Export manager"),
    (
        "Chargée d’affaires internationales",
        "International business officer",
    ),
    ("Ingénieur d’études", "Design engineer"),
    ("Responsable des achats", "Purchasing manager"),
    ("Gérant", "Manager"),
    ("Directrice technique", "Technical director"),
];

/// Closing sentences of descriptions, French and English.
pub const CLOSINGS: &[(&str, &str)] = &[
    (
        "Nous cherchons des partenaires fiables pour développer nos ventes à l’étranger.",
        "We are looking for reliable partners to grow our sales abroad.",
    ),
    (
        "Notre équipe privilégie la qualité, la réactivité et des relations durables.",
        "Our team values quality, responsiveness and lasting relationships.",
    ),
    (
        "Entreprise certifiée ISO 9001, nous réalisons déjà des projets dans plusieurs pays méditerranéens.",
        "ISO 9001 certified, we already run projects in several Mediterranean countries.",
    ),
    (
        "Nous souhaitons rencontrer des distributeurs, des investisseurs et des sous-traitants.",
        "We would like to meet distributors, investors and subcontractors.",
    ),
    (
        "Engagée dans une démarche RSE, l’entreprise réduit son empreinte carbone chaque année.",
        "Committed to corporate responsibility, the company cuts its carbon footprint every year.",
    ),
];
