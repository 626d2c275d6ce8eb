namespace Search.Indexer.Tests.Families;

/// <summary>Fictional texts for version-family tests: a model letter, a republished and lightly edited copy, template siblings.</summary>
internal static class FamilyTexts
{
    public const string ModelLetter = """
        Voorbeeldbrief bestuurlijke waarschuwing woonoverlast
        Geachte heer, mevrouw,
        De afgelopen maanden heeft de gemeente meerdere meldingen ontvangen over ernstige en herhaaldelijke overlast vanuit de woning
        die u bewoont. Buurtbewoners melden geluidsoverlast in de nacht, bedreigingen van omwonenden, vervuiling van de gemeenschappelijke
        ruimten en het verzamelen van afval op het balkon. De wijkagent en de woningcorporatie hebben deze meldingen bevestigd en hebben
        al eerder met u gesproken, laatst tijdens een huisbezoek. Ondanks die gesprekken is de overlast niet opgehouden.
        Met deze brief waarschuwt de burgemeester u dat hij bevoegd is om op grond van artikel 151d van de Gemeentewet en de
        Algemene plaatselijke verordening een gedragsaanwijzing te geven wanneer de ernstige en herhaaldelijke hinder voor omwonenden
        doorgaat. Een gedragsaanwijzing kan u bijvoorbeeld verplichten om hulp te aanvaarden, om geen bezoek te ontvangen na tien uur
        's avonds of om uw huisdieren binnen te houden. Wie een gedragsaanwijzing niet naleeft, kan een last onder dwangsom of
        bestuursdwang opgelegd krijgen.
        Wij vragen u daarom dringend om de overlast per direct te beëindigen. De gemeente, de wijkagent en de woningcorporatie blijven
        de situatie in de komende drie maanden volgen. Buurtbemiddeling en het sociaal wijkteam kunnen u helpen om afspraken te maken
        met uw buren of om hulp te krijgen bij problemen achter de voordeur. U kunt hiervoor contact opnemen met het wijkteam.
        Tegen deze waarschuwing kunt u geen bezwaar maken, omdat het geen besluit is in de zin van de Algemene wet bestuursrecht.
        Wel kunt u binnen twee weken schriftelijk reageren op de inhoud van deze brief. Uw reactie wordt bewaard in het dossier en
        betrokken bij een eventueel vervolgbesluit van de burgemeester.
        Heeft u vragen over deze brief, neem dan contact op met de medewerker openbare orde en veiligheid van de gemeente via het
        algemene telefoonnummer. Vermeld daarbij het kenmerk van deze brief.
        Hoogachtend,
        de burgemeester
        """;

    /// <summary>The model letter as another network republishes it: its own chrome, three words and one sentence changed.</summary>
    public static string EditedCopy => "Veiligheidsnetwerk Noordkaap | Kennisbank | Voorbeeldbrieven\n" + ModelLetter
        .Replace("drie maanden", "zes maanden", StringComparison.Ordinal)
        .Replace("Hoogachtend", "Met vriendelijke groet", StringComparison.Ordinal)
        .Replace("U kunt hiervoor contact opnemen met het wijkteam.", "Het wijkteam is op werkdagen bereikbaar via het Klantcontactcentrum.", StringComparison.Ordinal)
        + "\nDeze voorbeeldbrief is overgenomen uit de landelijke kennisbank.";

    public const string Unrelated = """
        Het aantal woninginbraken in de regio is vorig jaar met bijna twintig procent gedaald. Dat blijkt uit de jaarcijfers van de
        politie die vandaag zijn gepresenteerd. Vooral in de wijken waar buurtpreventieteams actief zijn, daalde het aantal inbraken
        sterk. De gemeenten willen de preventieteams daarom ook in andere wijken ondersteunen, met zaklampen, hesjes en een training
        van de wijkagent. Bewoners die verdachte situaties zien, worden opgeroepen direct 112 te bellen.
        """;

    /// <summary>A designation decision for enforcement officers (boa) of one fictional municipality, on a shared template.</summary>
    public static string BoaDecision(string municipality, string date, string number, string court, string function, string[] domains, string[] bylaws) => $"""
        Besluit van de Minister van Justitie en Veiligheid van {date}, nr. {number}, strekkende tot aanwijzing van buitengewoon
        opsporingsambtenaren bij gemeente {municipality}
        De Minister van Justitie en Veiligheid,
        Gelezen het verzoek van gemeente {municipality} en de adviezen van de hoofdofficier van justitie bij het arrondissementsparket
        {court} en de korpschef als bedoeld in artikel 27 van de Politiewet 2012;
        Gelet op artikel 142, eerste lid, aanhef en onder b, van het Wetboek van Strafvordering en artikel 36 van het Besluit
        buitengewoon opsporingsambtenaar;
        Besluit:
        Artikel 1
        De personen, werkzaam in de functie van {function} in dienst van de gemeente {municipality}, zijn aangewezen als buitengewoon
        opsporingsambtenaar.
        Artikel 2
        De buitengewoon opsporingsambtenaar is bevoegd tot het opsporen van de strafbare feiten behorend tot {string.Join(" en ", domains)},
        als genoemd in de Beleidsregels buitengewoon opsporingsambtenaar. De opsporingsbevoegdheid geldt voor het grondgebied van de
        gemeente {municipality}, voor zover noodzakelijk voor een goede vervulling van de taak.
        Artikel 3
        Daarnaast is de buitengewoon opsporingsambtenaar bevoegd tot het opsporen van de strafbare feiten genoemd in de Algemene
        plaatselijke verordening {municipality}, te weten de artikelen {string.Join(", ", bylaws)}.
        Artikel 4
        De buitengewoon opsporingsambtenaar is bevoegd tot het uitoefenen van de bevoegdheden tot het toepassen van geweld en
        het gebruik van handboeien, mits hij met goed gevolg is getraind in de geweldsbeheersing voor boa's.
        Artikel 5
        Dit besluit treedt in werking met ingang van de dag na dagtekening en vervalt op {date.Replace("2015", "2020", StringComparison.Ordinal)}.
        Dit besluit wordt met de toelichting in de Staatscourant geplaatst. Een afschrift wordt gezonden aan de burgemeester van {municipality}.
        Den Haag, {date}
        De Minister van Justitie en Veiligheid, namens deze, de directeur Rechtshandhaving en Criminaliteitsbestrijding
        """;

    public static string[] BoaSiblings =>
    [
        BoaDecision("Waterveld", "3 maart 2015", "BOA-2015/014", "Noord-Veenland", "handhaver openbare ruimte",
            ["domein I, Openbare ruimte"], ["2:48", "2:49", "4:18", "5:34"]),
        BoaDecision("Lindenoord", "17 juni 2015", "BOA-2015/031", "Kustzuid", "toezichthouder parkeren en milieu",
            ["domein I, Openbare ruimte", "domein II, Milieu"], ["2:10", "2:29", "2:73", "4:6", "5:7", "5:12"]),
        BoaDecision("Brederwijk", "9 november 2015", "BOA-2015/062", "Oost-Veenland", "medewerker leerplicht",
            ["domein III, Onderwijs"], ["2:50"]),
    ];
}
