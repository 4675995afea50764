"""The demo's about pages: the facts of the confederations' own texts, in the
project's words, in English and French. Idempotent: a section is keyed by its
confederation and anchor, and brought to this text when it differs."""

from django.db import transaction

from members.demo import LoadReport, upsert
from members.models import Confederation

from .models import Section

# (anchor, English title, French title, English text, French text)
CIOR = [
    (
        "history", "History", "Histoire",
        """CIOR was founded in 1948 by the reserve officers' associations of Belgium,
France and the Netherlands, whose leaders met in Brussels, Paris and Amsterdam in the
course of 1947. They had fought in the armed forces and in the resistance, and wanted
their experience to serve collective security and their values to pass to the next
generations.

The reason was pressing: the American, Canadian and British forces were leaving
Western Europe, and the three nations' own armed forces were too small to defend
them. Their associations first formed the *Interallied Committee of Reserve Officers*,
and laid the ground for a congress and a programme of activities.""",
        """La CIOR a été fondée en 1948 par les associations d'officiers de réserve de la
Belgique, de la France et des Pays-Bas, dont les dirigeants s'étaient réunis à
Bruxelles, Paris et Amsterdam au cours de l'année 1947. Ils avaient combattu dans les
forces armées et dans la résistance, et voulaient que leur expérience serve la
sécurité collective et que leurs valeurs passent aux générations suivantes.

La raison était pressante : les forces américaines, canadiennes et britanniques
quittaient l'Europe occidentale, et les forces armées des trois nations étaient trop
réduites pour les défendre. Leurs associations formèrent d'abord le *Comité
interallié des officiers de réserve*, et posèrent les bases d'un congrès et d'un
programme d'activités.""",
    ),
    (
        "purpose", "Purpose and vision", "Mission et vision",
        """CIOR speaks for the reserves of some 1.3 million reservists in its member and
associate nations. It:

- supports the policies of NATO and helps the Alliance achieve its objectives;
- promotes the role and importance of the reserves, in NATO and in each nation;
- fosters the professional development of reserve officers.

Reservists link civilian expertise with military capabilities: they are working
civilians and professionals as well as officers. CIOR introduces reserve service in
NATO nations, supports the training of reserve leaders and gathers and shares best
practice. Its vision is to be affiliated as closely as possible with NATO and its
structures, with a forward-looking contribution to the reserve component of future
operations and to the culture of reserve service.""",
        """La CIOR représente les réserves de ses nations membres et associées, soit
quelque 1,3 million de réservistes. Elle :

- soutient les politiques de l'OTAN et aide l'Alliance à atteindre ses objectifs ;
- promeut le rôle et l'importance des réserves, à l'OTAN et dans chaque nation ;
- favorise le développement professionnel des officiers de réserve.

Les réservistes font le lien entre compétences civiles et capacités militaires : ce
sont des civils en activité et des professionnels autant que des officiers. La CIOR fait
connaître le service de réserve dans les nations de l'OTAN, soutient la formation des
cadres de réserve et rassemble et partage les bonnes pratiques. Sa vision est d'être liée
aussi étroitement que possible à l'OTAN et à ses structures, par une contribution
prospective à la composante de réserve des opérations futures et à la culture du service
de réserve.""",
    ),
    (
        "governance", "How it is governed", "Gouvernance",
        """CIOR is governed by its **constitution**. Its national associations are full
members, or associates for nations outside NATO; each sends a delegation led by its
national vice president.

- **The presidency rotates.** One full member nation provides the presidential team
  for two years: the President, the Secretary General and several Assistant
  Secretaries General. Past Presidents and Past Secretaries General become honorary
  delegates, who attend the council in an advisory capacity.
- **The Executive Council** is made of the heads of the national delegations; it
  decides admissions, presidencies, congresses and budgets.
- **Standing committees** do the work between meetings: young reserve officers,
  the language academy, civil-military cooperation, the military competition (MILCOMP),
  cyber reserve, strategy and communication, defence and security issues, and legal
  affairs.

The council, the presidency and the committees meet four times a year: at the
Mid-Winter Meeting at NATO Headquarters in February, at the Summer Congress hosted in
turn by a member nation in July or August, and at two shorter in-between meetings in
spring and autumn.""",
        """La CIOR est régie par ses **statuts**. Ses associations nationales en sont
membres de plein droit, ou associées pour les nations hors de l'OTAN ; chacune envoie
une délégation conduite par son vice-président national.

- **La présidence est tournante.** Une nation membre de plein droit fournit l'équipe
  présidentielle pour deux ans : le président, le secrétaire général et plusieurs
  secrétaires généraux adjoints. Les anciens présidents et anciens secrétaires
  généraux deviennent délégués d'honneur et siègent au conseil à titre consultatif.
- **Le Conseil exécutif** réunit les chefs des délégations nationales ; il décide des
  admissions, des présidences, des congrès et des budgets.
- **Des commissions permanentes** travaillent entre les réunions : jeunes officiers
  de réserve, académie des langues, coopération civilo-militaire, compétition
  militaire (MILCOMP), réserve cyber, stratégie et communication, défense et sécurité,
  et affaires juridiques.

Le conseil, la présidence et les commissions se réunissent quatre fois par an : à la
réunion d'hiver au siège de l'OTAN en février, au congrès d'été organisé à tour de rôle
par une nation membre en juillet ou en août, et à deux réunions intermédiaires plus
courtes au printemps et à l'automne.""",
    ),
    (
        "nato", "Recognition by NATO", "Reconnaissance par l'OTAN",
        """Next to the National Reserve Forces Committee (NRFC), CIOR is the only
organisation recognised by NATO's Military Committee, in two documents:

- **MC 0441/2**, the NATO Framework Policy on Reserves;
- **MC 0248/2**, the relationship between NATO and CIOR.

CIOR has a **Permanent Representative to NATO** in the International Military Staff,
in its Policy and Capabilities Division: the point of contact at NATO Headquarters for
CIOR's members and associates. The post is provided by Belgium, without a fixed term.""",
        """Outre le Comité des forces de réserve nationales (NRFC), la CIOR est la seule
organisation reconnue par le Comité militaire de l'OTAN, dans deux documents :

- le **MC 0441/2**, la politique-cadre de l'OTAN sur les réserves ;
- le **MC 0248/2**, les relations entre l'OTAN et la CIOR.

La CIOR a un **représentant permanent auprès de l'OTAN** au sein de la division
Politique et capacités de l'État-major militaire international ; il est, au siège de
l'OTAN, l'interlocuteur des membres et associés de la CIOR. Le poste est pourvu par la
Belgique, sans limitation de durée.""",
    ),
    (
        "finances", "How it is financed", "Financement",
        """CIOR is a non-profit legal entity under Belgian law, registered under the
Belgian Code of Companies and Associations. It is financed by the annual subscriptions
of its national associations.""",
        """La CIOR est une personne morale sans but lucratif de droit belge, régie par le
Code des sociétés et des associations. Elle est financée par les cotisations annuelles
de ses associations nationales.""",
    ),
    (
        "anthem", "Anthem, coat of arms and Medal of Merit",
        "Hymne, armoiries et médaille du mérite",
        """**"Comrades all"** has been CIOR's anthem since 2004; it is played at the
opening ceremony of every Summer Congress. Its music sheet is in the documents beside
this page when the secretariat has published it.

The **coat of arms** stands for the unity and common values of the member nations and
for their bond with NATO.

The **CIOR Medal of Merit** is awarded to people of outstanding merit for CIOR, or for
NATO in reserve matters.""",
        """**« Comrades all »** est l'hymne de la CIOR depuis 2004 ; il est joué à la
cérémonie d'ouverture de chaque congrès d'été. Une fois publiée par le secrétariat, sa
partition figure parmi les documents de cette page.

Les **armoiries** symbolisent l'unité et les valeurs communes des nations membres, et
leur lien avec l'OTAN.

La **médaille du mérite de la CIOR** récompense des personnes ayant rendu des services
éminents à la CIOR, ou à l'OTAN dans le domaine des réserves.""",
    ),
    (
        "related", "Related bodies", "Organisations proches",
        """- [NATO](https://www.nato.int/) and its **National Reserve Forces Committee
  (NRFC)**, the Alliance's committee of the nations' reserve forces.
- [CIOMR](/about/ciomr/), the Interallied Confederation of Medical Reserve Officers,
  which meets with CIOR.
- **CISOR**, the Interallied Confederation of Reserve Non-Commissioned Officers, with
  whose MILCOMP organisers CIOR's committee works.
- The [Baltic Defence College](https://www.baltdefcol.org/).""",
        """- L'[OTAN](https://www.nato.int/fr/) et son **Comité des forces de réserve
  nationales (NRFC)**, le comité de l'Alliance pour les forces de réserve des nations.
- La [CIOMR](/fr/about/ciomr/), la Confédération interalliée des officiers médicaux
  de réserve, qui se réunit avec la CIOR.
- La **CISOR**, la Confédération interalliée des sous-officiers de réserve ; la
  commission MILCOMP de la CIOR travaille avec les organisateurs de sa compétition
  militaire.
- Le [Collège de défense balte](https://www.baltdefcol.org/).""",
    ),
]  # fmt: skip

CIOMR = [
    (
        "history", "History", "Histoire",
        """CIOMR, the *Confédération Interalliée des Officiers Médicaux de Réserve*, was
founded in Brussels in 1948 by Belgium, France and the Netherlands. Today the medical
reserve officers' associations of most NATO nations are its members, and associations
of nations outside NATO are associate members: Austria, South Africa, Singapore and
Switzerland.

Its delegates are physicians, dentists, pharmacists, veterinarians, nurses, technicians
and medical service corps officers.""",
        """La CIOMR, *Confédération interalliée des officiers médicaux de réserve*, a été
fondée à Bruxelles en 1948 par la Belgique, la France et les Pays-Bas. Les associations
d'officiers médicaux de réserve de la plupart des nations de l'OTAN en sont aujourd'hui
membres, et des associations de nations hors de l'OTAN en sont membres associés :
l'Autriche, l'Afrique du Sud, Singapour et la Suisse.

Ses délégués sont médecins, dentistes, pharmaciens, vétérinaires, infirmiers,
techniciens et officiers du service de santé.""",
    ),
    (
        "purpose", "Purpose", "Mission",
        """An apolitical and independent umbrella of the national associations of
multi-professional reserve medical services, CIOMR contributes to the medical forces of
the Alliance and to military healthcare, and informs security policy at home through
further and professional training. It:

- builds close ties between medical reserve personnel and services in the Alliance;
- studies and discusses subjects of military medical importance;
- helps the medical services of the active forces with the civilian expertise of its
  members;
- takes part as an observer in the work of COMEDS, NATO's Committee of the Chiefs of
  Military Medical Services.""",
        """Organisation faîtière apolitique et indépendante des associations nationales
des services médicaux de réserve pluridisciplinaires, la CIOMR contribue au soutien
médical de l'Alliance et à la médecine militaire, et éclaire la politique de sécurité
dans chaque pays par la formation continue et professionnelle. Elle :

- tisse des liens étroits entre les personnels et services médicaux de réserve de
  l'Alliance ;
- étudie et débat les questions de médecine militaire ;
- aide les services de santé des forces d'active par l'expertise civile de ses
  membres ;
- participe comme observatrice aux travaux du COMEDS, le Comité des chefs des services
  de santé militaires de l'OTAN.""",
    ),
    (
        "governance", "How it is governed", "Gouvernance",
        """The governing body of CIOMR is its **Executive Committee**: the heads of the
national delegations, each delegation led by its national vice president.

- **The presidency rotates.** The national associations nominate the President in
  turn, for two years. The President designate chooses, with their association, an
  International Vice President, who takes office with the President once the Executive
  Committee approves. The committee accepts nominations for the other posts of the
  board from the delegations.
- **Membership.** The reserve medical associations of NATO nations can be full members;
  those of other nations (partners, Mediterranean Dialogue) associate members. One
  association per nation is admitted, and applies to the Executive Committee.
- **Delegations.** Each member sends up to six delegates, at least one of them a
  medical officer.""",
        """L'organe directeur de la CIOMR est son **Comité exécutif** : les chefs des
délégations nationales, chaque délégation étant conduite par son vice-président
national.

- **La présidence est tournante.** Les associations nationales proposent à tour de rôle le
  président, pour deux ans. Le président désigné choisit, avec son association, un
  vice-président international, qui prend ses fonctions avec le président après
  l'approbation du Comité exécutif. Le comité reçoit des délégations les candidatures
  aux autres postes du bureau.
- **Adhésion.** Les associations médicales de réserve des nations de l'OTAN peuvent en
  être membres de plein droit ; celles des autres nations (partenaires, Dialogue
  méditerranéen), membres associés. Une seule association par nation est admise ; elle
  adresse sa demande au Comité exécutif.
- **Délégations.** Chaque membre envoie jusqu'à six délégués, dont au moins un
  officier médecin.""",
    ),
    (
        "nato", "Recognition by NATO", "Reconnaissance par l'OTAN",
        """CIOMR is chartered by NATO through the same Military Committee document as
CIOR, **MC 248/1**, on the relationship between NATO and CIOR, in which "CIOR" includes
CIOMR. The two are associated organisations: CIOMR meets at the same time and place as
CIOR's Summer Congress and Mid-Winter Meeting, with its own agenda of medical matters.""",
        """La CIOMR est reconnue par l'OTAN dans le même document du Comité militaire que
la CIOR, le **MC 248/1**, sur les relations entre l'OTAN et la CIOR, où « CIOR »
comprend la CIOMR. Les deux organisations sont associées : la CIOMR se réunit aux mêmes
dates et au même endroit que le congrès d'été et la réunion d'hiver de la CIOR, avec son
propre ordre du jour, consacré aux questions médicales.""",
    ),
    (
        "observer", "Observer at NATO's medical committees",
        "Statut d'observateur auprès des comités médicaux de l'OTAN",
        """- **1995:** observer in the COMEDS Expert Panel on Medical Training, where a
  CIOMR representative has taken part since 1996.
- **2005:** observer in the COMEDS Plenary Meeting.
- **October 2007:** observer in the NATO Joint Medical Committee (JMC).

CIOMR also keeps in touch with the Medical Advisor of Allied Command Operations, the
medical officer of NATO's International Military Staff and, outside NATO, the medical
staff officers of the EU Military Staff and the civil-military liaison officer of the
World Health Organization.""",
        """- **1995 :** observatrice auprès du groupe d'experts du COMEDS sur la formation
  médicale, où un représentant de la CIOMR participe depuis 1996.
- **2005 :** observatrice auprès de la séance plénière du COMEDS.
- **Octobre 2007 :** observatrice auprès du Comité médical interarmées de l'OTAN (JMC).

La CIOMR entretient aussi des contacts avec le conseiller médical du Commandement
allié Opérations, l'officier médecin de l'État-major militaire international de l'OTAN
et, hors de l'OTAN, les officiers d'état-major du service de santé de l'État-major de
l'Union européenne et l'officier de liaison civilo-militaire de l'Organisation mondiale
de la santé.""",
    ),
    (
        "related", "Related bodies", "Organisations proches",
        """- [CIOR](/about/cior/), the Interallied Confederation of Reserve Officers, its
  associated organisation.
- [NATO](https://www.nato.int/) and its Committee of the Chiefs of Military Medical
  Services (COMEDS).""",
        """- La [CIOR](/fr/about/cior/), la Confédération interalliée des officiers de
  réserve, son organisation associée.
- L'[OTAN](https://www.nato.int/fr/) et son Comité des chefs des services de santé
  militaires (COMEDS).""",
    ),
]  # fmt: skip

SECTIONS = {"cior": CIOR, "ciomr": CIOMR}


@transaction.atomic
def load(report: LoadReport) -> None:
    for confederation in Confederation.objects.filter(code__in=SECTIONS):
        for position, (slug, title_en, title_fr, body_en, body_fr) in enumerate(
            SECTIONS[confederation.code], start=1
        ):
            upsert(
                Section,
                report,
                {"confederation": confederation, "slug": slug},
                {
                    "position": position,
                    "title_en": title_en,
                    "title_fr": title_fr,
                    "body_en": body_en,
                    "body_fr": body_fr,
                },
            )
